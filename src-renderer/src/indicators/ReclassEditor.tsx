/**
 * The reclassification table of an indicator: rows of a range [min, max) or a code, each
 * given a score — slope classes, land-use codes → scores, as the census tables give them.
 * Values in no row become nodata.
 */
import type { ReclassEntry } from '../../../src-shared/model';
import { useI18n } from '../i18n';

const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));

export function ReclassEditor({ table, onChange }: { table: ReclassEntry[]; onChange(t: ReclassEntry[]): void }) {
  const { t } = useI18n();
  const set = (i: number, row: ReclassEntry): void => onChange(table.map((r, k) => (k === i ? row : r)));
  return (
    <fieldset className="reclass-editor" data-testid="builder-reclass">
      <legend>{t('bld.reclass')}</legend>
      <table>
        <tbody>
          {table.map((r, i) => (
            <tr key={i}>
              {'code' in r ? (
                <td colSpan={2}>
                  {t('bld.code')} <input type="number" value={r.code} onChange={(e) => set(i, { code: num(e.target.value), value: r.value })} style={{ width: 70 }} />
                </td>
              ) : (
                <>
                  <td>
                    <input type="number" value={r.min} onChange={(e) => set(i, { ...r, min: num(e.target.value) })} style={{ width: 70 }} aria-label="min" />
                  </td>
                  <td>
                    – <input type="number" value={r.max} onChange={(e) => set(i, { ...r, max: num(e.target.value) })} style={{ width: 70 }} aria-label="max" />
                  </td>
                </>
              )}
              <td>
                → <input type="number" value={r.value} onChange={(e) => set(i, { ...r, value: num(e.target.value) })} style={{ width: 60 }} aria-label={t('bld.score')} />
              </td>
              <td>
                <button type="button" className="link" onClick={() => onChange(table.filter((_, k) => k !== i))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={() => onChange([...table, { min: 0, max: 1, value: 1 }])} data-testid="builder-reclass-range">
          {t('bld.addRange')}
        </button>
        <button type="button" onClick={() => onChange([...table, { code: 1, value: 1 }])} data-testid="builder-reclass-code">
          {t('bld.addCode')}
        </button>
      </div>
    </fieldset>
  );
}
