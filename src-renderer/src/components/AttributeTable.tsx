/**
 * The attribute table of a vector layer, a page at a time from the engine
 * (`layer.features`): sortable by any column, filtered by a text any field (or a chosen
 * field) contains. Clicking a row zooms the map to the feature (extents come in the
 * analysis CRS).
 */
import { useEffect, useState } from 'react';
import type { FeaturePage, LayerEntry } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import { useWorkspace } from '../workspace';

const PAGE = 100;
/** Wait this long after the last key in the filter before asking again. */
const FILTER_DEBOUNCE_MS = 250;

export function AttributeTable({ layer }: { layer: LayerEntry }) {
  const { t } = useI18n();
  const { zoomTo, fail } = useWorkspace();
  const [page, setPage] = useState<FeaturePage | null>(null);
  const [offset, setOffset] = useState(0);
  const [sort, setSort] = useState<{ field: string; desc: boolean } | null>(null);
  const [filter, setFilter] = useState('');
  const [field, setField] = useState('');

  useEffect(() => setOffset(0), [layer.id, filter, field, sort]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call('layer.features', {
        id: layer.id,
        offset,
        limit: PAGE,
        ...(sort ? { sort } : {}),
        ...(filter.trim() ? { filter: { text: filter.trim(), ...(field ? { field } : {}) } } : {}),
      })
        .then((p) => live && setPage(p))
        .catch((err) => live && fail(err));
    }, FILTER_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [layer.id, offset, sort, filter, field, fail]);

  const fields = page?.fields.map((f) => f.name) ?? (layer.meta.kind === 'vector' ? layer.meta.fields.map((f) => f.name) : []);
  const total = page?.total ?? 0;
  return (
    <div className="attribute-table" data-testid="attribute-table">
      <div className="row">
        <input type="search" placeholder={t('attr.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="attr-filter" />
        <select value={field} onChange={(e) => setField(e.target.value)} aria-label={t('attr.field')}>
          <option value="">{t('attr.anyField')}</option>
          {fields.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      </div>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>#</th>
              {fields.map((f) => (
                <th key={f}>
                  <button type="button" data-testid={`attr-sort-${f}`} onClick={() => setSort((s) => (s?.field === f ? { field: f, desc: !s.desc } : { field: f, desc: false }))}>
                    {f}
                    {sort?.field === f ? (sort.desc ? ' ▼' : ' ▲') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page?.rows.map((r, i) => (
              <tr
                key={r.fid}
                onClick={() => {
                  const ext = page.extents[i];
                  if (ext) zoomTo(ext[0] === ext[2] && ext[1] === ext[3] ? [ext[0], ext[1]] : ext);
                }}
              >
                <td>{r.fid}</td>
                {fields.map((k) => (
                  <td key={k}>{r.properties[k] === null || r.properties[k] === undefined ? '' : String(r.properties[k])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row pager">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          ‹
        </button>
        <span className="hint" data-testid="attr-count">
          {page ? t('attr.count', { from: total ? offset + 1 : 0, to: Math.min(total, offset + PAGE), total }) : t('attr.loading')}
        </span>
        <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
          ›
        </button>
      </div>
    </div>
  );
}
