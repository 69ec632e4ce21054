/** The layer tree, grouped by census category, with a visibility box per layer. */
import type { Category, LayerEntry } from '../../../src-main/api/contract';
import { useI18n } from '../i18n';

/** Group order in the tree: results first, then the census chain. */
export const CATEGORY_ORDER: Category[] = ['result', 'hazard', 'exposure', 'capacity', 'hiddenDanger', 'history', 'admin', 'basemap'];

export interface LayerTreeProps {
  layers: LayerEntry[];
  visible: Record<string, boolean>;
  selected: string | null;
  onToggle(id: string, on: boolean): void;
  onSelect(id: string): void;
}

function kindIcon(e: LayerEntry): string {
  if (e.meta.kind === 'raster') return '▦';
  const g = e.meta.geometryType;
  return g.includes('Polygon') ? '▱' : g.includes('Line') ? '〰' : '•';
}

export function LayerTree({ layers, visible, selected, onToggle, onSelect }: LayerTreeProps) {
  const { t } = useI18n();
  return (
    <div className="layer-tree" data-testid="layer-tree">
      {CATEGORY_ORDER.map((cat) => {
        const inCat = layers.filter((l) => l.category === cat);
        if (!inCat.length) return null;
        return (
          <section key={cat} className="layer-group" data-testid={`group-${cat}`}>
            <h3>{t(`cat.${cat}`)}</h3>
            <ul>
              {inCat.map((l) => (
                <li key={l.id} className={selected === l.id ? 'selected' : ''} data-testid={`layer-${l.id}`}>
                  <input
                    type="checkbox"
                    aria-label={l.name}
                    checked={visible[l.id] ?? l.visible}
                    onChange={(e) => onToggle(l.id, e.target.checked)}
                  />
                  <button type="button" className="layer-name" onClick={() => onSelect(l.id)} title={l.meta.path}>
                    <span className="kind">{kindIcon(l)}</span>
                    {l.name}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
