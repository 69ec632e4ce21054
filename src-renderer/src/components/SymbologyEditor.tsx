/**
 * The symbology editor of the selected layer: fill/stroke colours, widths, point size and
 * label field for vectors; the colour ramp and its range, or the colour of each class, for
 * rasters; and the layer's opacity. Changes draw at once on the map.
 */
import type { LayerEntry } from '../../../src-main/api/contract';
import { useI18n } from '../i18n';
import { useWorkspace } from '../workspace';
import type { DisplayStyle } from '../map/displayStyle';

/** A colour input only takes #rrggbb: drop an alpha suffix for the picker. */
const hex6 = (c: string): string => (/^#[0-9a-f]{6}/i.exec(c)?.[0] ?? '#000000');

export function SymbologyEditor({ layer }: { layer: LayerEntry }) {
  const { t } = useI18n();
  const { styles, setStyle, opacity, setOpacity } = useWorkspace();
  const style: DisplayStyle = styles[layer.id] ?? layer.style;
  const set = (s: DisplayStyle): void => setStyle(layer.id, s);
  const fields = layer.meta.kind === 'vector' ? layer.meta.fields.map((f) => f.name) : [];
  const defaultOpacity = layer.meta.kind === 'raster' ? (layer.category === 'result' ? 0.85 : 0.75) : 1;

  return (
    <div className="symbology" data-testid="symbology">
      <h3>{t('sym.title')}</h3>
      {(style.type === 'fill' || style.type === 'point') && (
        <label>
          {t('sym.fill')}
          <input type="color" value={hex6(style.fill)} data-testid="sym-fill" onChange={(e) => set({ ...style, fill: e.target.value + (style.type === 'fill' ? '80' : '') })} />
        </label>
      )}
      {(style.type === 'fill' || style.type === 'line' || style.type === 'point') && (
        <label>
          {t('sym.stroke')}
          <input type="color" value={hex6(style.stroke)} onChange={(e) => set({ ...style, stroke: e.target.value })} />
        </label>
      )}
      {(style.type === 'fill' || style.type === 'line') && (
        <label>
          {t('sym.width')}
          <input type="number" min={0} max={20} step={0.5} value={style.width} onChange={(e) => set({ ...style, width: Math.max(0, Number(e.target.value)) })} />
        </label>
      )}
      {style.type === 'point' && (
        <label>
          {t('sym.radius')}
          <input type="number" min={1} max={30} value={style.radius} onChange={(e) => set({ ...style, radius: Math.max(1, Number(e.target.value)) })} />
        </label>
      )}
      {style.type === 'fill' && (
        <label>
          {t('sym.label')}
          <select
            value={style.labelField ?? ''}
            onChange={(e) => {
              const { labelField: _drop, ...rest } = style;
              void _drop;
              set(e.target.value ? { ...rest, labelField: e.target.value } : rest);
            }}
          >
            <option value="">{t('info.none')}</option>
            {fields.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      )}
      {style.type === 'ramp' && (
        <>
          <label>
            {t('sym.min')}
            <input type="number" value={style.min} step="any" onChange={(e) => set({ ...style, min: Number(e.target.value) })} />
          </label>
          <label>
            {t('sym.max')}
            <input type="number" value={style.max} step="any" onChange={(e) => set({ ...style, max: Number(e.target.value) })} />
          </label>
          <div className="swatches">
            {style.colors.map((c, i) => (
              <input key={i} type="color" value={hex6(c)} aria-label={`${t('sym.stop')} ${i + 1}`} onChange={(e) => set({ ...style, colors: style.colors.map((x, j) => (j === i ? e.target.value : x)) })} />
            ))}
          </div>
        </>
      )}
      {style.type === 'classes' && (
        <div className="swatches">
          {style.classes.map((c, i) => (
            <label key={c.value}>
              {c.value}
              <input type="color" value={hex6(c.color)} onChange={(e) => set({ ...style, classes: style.classes.map((x, j) => (j === i ? { ...x, color: e.target.value } : x)) })} />
            </label>
          ))}
        </div>
      )}
      <label>
        {t('sym.opacity')}
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={opacity[layer.id] ?? defaultOpacity}
          data-testid="sym-opacity"
          onChange={(e) => setOpacity(layer.id, Number(e.target.value))}
        />
      </label>
      {styles[layer.id] && (
        <button type="button" onClick={() => setStyle(layer.id, null)}>
          {t('sym.reset')}
        </button>
      )}
    </div>
  );
}
