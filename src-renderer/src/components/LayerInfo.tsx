/**
 * The metadata of the selected layer: format; CRS with how it was identified (declared,
 * matched, stated, assumed — or unknown, with the candidates) and the datum shift with its
 * accuracy; size/dtype/nodata or features/fields; a shapefile's text encoding with what it rests
 * on, and the encoding to read it with instead (the file is read again, not imported again).
 */
import { useEffect, useState } from 'react';
import type { LayerEntry } from '../../../src-main/api/contract';
import type { CrsRef } from '../../../src-shared/layer';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';

/** Encodings offered for a shapefile's attributes (any label the engine knows may be typed in the model). */
const ENCODINGS = ['utf-8', 'gbk', 'gb18030', 'big5', 'windows-1252', 'iso-8859-2', 'windows-1251', 'cp437', 'cp850'];

function crsText(crs: CrsRef, t: ReturnType<typeof useI18n>['t']): string {
  const id = crs.identification;
  const level = id ? `（${t(`info.crsLevel.${id.level}` as MessageKey)}：${id.source}）` : '';
  return `${crs.epsg ? `EPSG:${crs.epsg} ` : ''}${crs.name}${level}`;
}

export function LayerInfo({ layer }: { layer: LayerEntry }) {
  const { t } = useI18n();
  const { project, setProject, fail } = useWorkspace();
  const m = layer.meta;
  const [encoding, setEncoding] = useState(layer.encoding ?? '');
  useEffect(() => setEncoding(layer.encoding ?? ''), [layer.id, layer.encoding]);
  const rows: [string, string][] = [
    [t('info.format'), m.format],
    [t('info.crs'), m.crs ? crsText(m.crs, t) : t('info.none')],
  ];
  const id = m.crs?.identification;
  if (id?.overrules) rows.push(['', t('info.crsOverrules', { crs: id.overrules })]);
  if (id?.candidates?.length) rows.push([t('info.crsCandidates'), id.candidates.map((c) => `EPSG:${c.epsg} ${c.name}`).join('；')]);
  const shift = m.crs?.datumShift;
  if (shift !== undefined) {
    const parts = shift && [`${shift.code === null ? '' : `EPSG:${shift.code} `}${shift.name}`, ...(shift.accuracy === null ? [] : [t('info.datumAccuracy', { m: shift.accuracy })])];
    rows.push([t('info.datum'), shift && parts ? `${parts.join('，')}（${shift.area}）` : t('info.datumNone')]);
  }
  if (m.kind === 'raster') {
    rows.push([t('info.size'), `${m.width} × ${m.height} × ${m.bands}`], [t('info.dtype'), m.dtype], [t('info.nodata'), m.nodata === null ? t('info.none') : String(m.nodata)]);
  } else {
    rows.push([t('info.features'), String(m.featureCount)], [t('info.geometry'), m.geometryType], [t('info.fields'), m.fields.map((f) => f.name).join(', ') || t('info.none')]);
    if (m.encoding) rows.push([t('info.encoding'), `${m.encoding}${m.encodingEvidence ? `（${t(`info.encodingEvidence.${m.encodingEvidence}` as MessageKey)}）` : ''}`]);
  }
  /** Read the layer again with the chosen encoding ('' = the file's own evidence). */
  const applyEncoding = async (): Promise<void> => {
    try {
      const entry = await call('layer.update', { id: layer.id, encoding: encoding || null });
      setProject(project && { ...project, layers: project.layers.map((l) => (l.id === entry.id ? entry : l)) });
    } catch (err) {
      fail(err);
    }
  };
  return (
    <div className="layer-info" data-testid="layer-info">
      <h3>
        {t('info.title')} · {layer.name}
      </h3>
      <dl>
        {rows.map(([k, v]) => (
          <div key={`${k}${v}`}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {m.kind === 'vector' && m.format === 'Shapefile' && (
        <div className="row" data-testid="layer-encoding">
          <label>
            {t('info.encodingSet')}
            <select value={encoding} onChange={(e) => setEncoding(e.target.value)} data-testid="layer-encoding-select">
              <option value="">{t('info.encodingAuto')}</option>
              {ENCODINGS.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={encoding === (layer.encoding ?? '')} onClick={() => void applyEncoding()} data-testid="layer-encoding-apply">
            {t('info.encodingApply')}
          </button>
        </div>
      )}
    </div>
  );
}
