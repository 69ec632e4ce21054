/** The metadata of the selected layer (format, CRS, size/dtype/nodata or features/fields). */
import type { LayerEntry } from '../../../src-main/api/contract';
import { useI18n } from '../i18n';

export function LayerInfo({ layer }: { layer: LayerEntry }) {
  const { t } = useI18n();
  const m = layer.meta;
  const rows: [string, string][] = [
    [t('info.format'), m.format],
    [t('info.crs'), m.crs ? `${m.crs.epsg ? `EPSG:${m.crs.epsg} ` : ''}${m.crs.name}` : t('info.none')],
  ];
  if (m.kind === 'raster') {
    rows.push([t('info.size'), `${m.width} × ${m.height} × ${m.bands}`], [t('info.dtype'), m.dtype], [t('info.nodata'), m.nodata === null ? t('info.none') : String(m.nodata)]);
  } else {
    rows.push([t('info.features'), String(m.featureCount)], [t('info.geometry'), m.geometryType], [t('info.fields'), m.fields.map((f) => f.name).join(', ') || t('info.none')]);
    if (m.encoding) rows.push([t('info.encoding'), m.encoding]);
  }
  return (
    <div className="layer-info" data-testid="layer-info">
      <h3>
        {t('info.title')} · {layer.name}
      </h3>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
