/**
 * The attribute table of a vector layer: the features the API serves (GeoJSON in the
 * analysis CRS), sortable by any column, filtered by a text that any field may contain.
 * Clicking a row zooms the map to the feature.
 */
import { useEffect, useMemo, useState } from 'react';
import type { LayerEntry } from '../../../src-main/api/contract';
import type { Extent } from '../../../src-main/engine/io/layer';
import { useI18n } from '../i18n';
import { useWorkspace } from '../workspace';
import { compareCells, rowMatches } from '../lib/attributes';
import { featureExtent } from '../../../src-main/engine/io/vectorMeta';
import type { Feature } from 'geojson';

/** Rows drawn at most; the filter narrows the rest down. */
const MAX_ROWS = 300;

export function AttributeTable({ layer }: { layer: LayerEntry }) {
  const { t } = useI18n();
  const { dataUrl, zoomTo, fail } = useWorkspace();
  const [features, setFeatures] = useState<Feature[] | null>(null);
  const [sort, setSort] = useState<{ field: string; desc: boolean } | null>(null);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    let live = true;
    setFeatures(null);
    fetch(dataUrl(layer.id), { credentials: 'same-origin' })
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json() as Promise<{ features: Feature[] }>;
      })
      .then((fc) => live && setFeatures(fc.features))
      .catch((err) => live && fail(err));
    return () => {
      live = false;
    };
  }, [layer.id, dataUrl, fail]);

  const fields = layer.meta.kind === 'vector' ? layer.meta.fields.map((f) => f.name) : [];
  const rows = useMemo(() => {
    if (!features) return [];
    const indexed = features.map((f, i) => ({ i, f, p: (f.properties ?? {}) as Record<string, unknown> }));
    const kept = filter ? indexed.filter((r) => rowMatches(r.p, filter)) : indexed;
    if (sort) kept.sort((a, b) => compareCells(a.p[sort.field], b.p[sort.field]) * (sort.desc ? -1 : 1));
    return kept;
  }, [features, filter, sort]);

  return (
    <div className="attribute-table" data-testid="attribute-table">
      <div className="row">
        <input type="search" placeholder={t('attr.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="attr-filter" />
        <span className="hint">{features ? t('attr.count', { shown: rows.length, total: features.length }) : t('attr.loading')}</span>
      </div>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>#</th>
              {fields.map((f) => (
                <th key={f}>
                  <button
                    type="button"
                    data-testid={`attr-sort-${f}`}
                    onClick={() => setSort((s) => (s?.field === f ? { field: f, desc: !s.desc } : { field: f, desc: false }))}
                  >
                    {f}
                    {sort?.field === f ? (sort.desc ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map(({ i, f, p }) => (
              <tr
                key={i}
                onClick={() => {
                  const ext: Extent | null = featureExtent({ type: 'FeatureCollection', features: [f] });
                  if (ext) zoomTo(ext[0] === ext[2] && ext[1] === ext[3] ? [ext[0], ext[1]] : ext);
                }}
              >
                <td>{i + 1}</td>
                {fields.map((k) => (
                  <td key={k}>{p[k] === null || p[k] === undefined ? '' : String(p[k])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > MAX_ROWS && <p className="hint">{t('attr.more', { n: rows.length - MAX_ROWS })}</p>}
    </div>
  );
}
