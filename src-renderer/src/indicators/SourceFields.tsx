/**
 * The source layer's fields with their types, and the distinct values of one field (the first
 * thousand features), so a field and a filter value are chosen from what the layer holds.
 */
import { useEffect, useState } from 'react';
import type { LayerEntry } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';

/** The fields of a vector layer ([] for a raster). */
export const fieldsOf = (l: LayerEntry | undefined): { name: string; type: string }[] => (l && l.meta.kind === 'vector' ? l.meta.fields : []);

/** The numeric fields of a vector layer. */
export const numericFields = (l: LayerEntry | undefined): string[] => fieldsOf(l).filter((f) => f.type === 'number' || f.type === 'integer').map((f) => f.name);

/** A field list: name and type, numeric fields first when the indicator reads a number. */
export function FieldTable({ layer }: { layer: LayerEntry | undefined }) {
  const { t } = useI18n();
  const fields = fieldsOf(layer);
  if (fields.length === 0) return null;
  return (
    <table className="field-table" data-testid="builder-fields">
      <tbody>
        {fields.map((f) => (
          <tr key={f.name}>
            <td>{f.name}</td>
            <td className="hint">{t(`wiz.type.${f.type}` as MessageKey)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Up to `max` distinct values of `field` among the layer's first thousand features. */
export function useFieldValues(layer: string | undefined, field: string | undefined, max = 40): (string | number)[] {
  const [values, setValues] = useState<(string | number)[]>([]);
  useEffect(() => {
    if (!layer || !field) return setValues([]);
    let live = true;
    call('layer.features', { id: layer, offset: 0, limit: 1000 })
      .then((page) => {
        if (!live) return;
        const seen = new Set<string | number>();
        for (const r of page.rows) {
          const v = r.properties[field];
          if ((typeof v === 'string' || typeof v === 'number') && seen.size < max) seen.add(v);
        }
        setValues([...seen].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)))));
      })
      .catch(() => live && setValues([]));
    return () => {
      live = false;
    };
  }, [layer, field, max]);
  return values;
}
