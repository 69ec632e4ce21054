/**
 * Step 7, Zoning (防治区划): the risk grade × capacity grade matrix (click a cell to cycle
 * its zone), the capacity component and its number of grades, the generalisation settings
 * (majority filter window, minimum mapping unit) and the zone names. Saved in the model
 * (undoable) and recomputed at once at full resolution: the map shows the zones and the list
 * their areas; "run zoning" writes the zoning outputs.
 */
import { useState } from 'react';
import type { FullPreview, ModelDocument } from '../../../src-main/api/contract';
import { COMPONENTS } from '../../../src-shared/model';
import { DEFAULT_ZONE_MATRIX, ZONE_NAMES } from '../../../src-shared/zoneMatrix';
import { SCHEMES } from '../../../src-shared/schemes';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { zoningMatrix } from '../lib/modelEdit';

/** Map colours of zones 1…3 (as the session draws the zoning raster). */
const ZONE_COLOURS = ['#C00000', '#FF9900', '#FFE699', '#BBBBBB'];

export function ZoningPanel() {
  const { t } = useI18n();
  const { model, run, runJob, live } = useWorkspace();
  const doc = model.doc;
  const [names, setNames] = useState<string[] | null>(null);
  const [zones, setZones] = useState<FullPreview['zones'] | null>(null);
  /** Store an edit, then show its zones. */
  const edit = (next: ModelDocument): void => {
    void model.update(next).then(async (ok) => {
      const p = ok ? await live.request(next, { view: 'zones' }) : null;
      if (p?.mode === 'full' && p.zones) setZones(p.zones);
    });
  };
  if (!doc) return <p className="hint">{t('model.loading')}</p>;
  const z = doc.zoning;
  const k = doc.classification.classes ?? 5;
  const gradeNames = (SCHEMES[doc.classification.scheme ?? 'high5'] ?? SCHEMES.high5!).names;

  // The capacity axis: C, the census's; a model without C (a new county's first H × E) takes its first component, as the panel says.
  const capacity = doc.components.C ? 'C' : COMPONENTS.find((c) => doc.components[c]);
  if (!z)
    return (
      <div className="zoning-panel">
        <p className="hint">{t('zoning.off')}</p>
        {capacity !== 'C' && <p className="hint">{t('zoning.noCapacity')}</p>}
        <button
          type="button"
          className="primary"
          data-testid="zoning-enable"
          disabled={!capacity}
          onClick={() => capacity && edit({ ...doc, zoning: { capacity, capacityClasses: 3, matrix: k === 5 ? DEFAULT_ZONE_MATRIX : zoningMatrix(k, 3), majority: 5, minAreaKm2: 1 } })}
        >
          {t('zoning.enable')}
        </button>
      </div>
    );

  const m = z.capacityClasses ?? 3;
  const matrix = z.matrix ?? (k === 5 && m === 3 ? DEFAULT_ZONE_MATRIX : zoningMatrix(k, m));
  const zoneNames = z.names ?? ZONE_NAMES;
  const zoneCount = Math.max(zoneNames.length, ...matrix.flat());
  const save = (patch: Partial<typeof z>): void => edit({ ...doc, zoning: { ...z, ...patch } });
  const cellKm2 = (doc.grid.cellSize * doc.grid.cellSize) / 1e6;
  const zoningLayer = run?.layers.find((l) => l.id.endsWith('-zoning'));

  return (
    <div className="zoning-panel">
      <h3>{t('zoning.matrix')}</h3>
      <p className="hint">{t('zoning.matrixHint')}</p>
      <table className="zone-matrix" data-testid="zone-matrix">
        <thead>
          <tr>
            <th>{t('zoning.riskVsCap')}</th>
            {Array.from({ length: m }, (_, j) => (
              <th key={j}>{t('zoning.capGrade', { n: j + 1 })}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => (
            <tr key={i}>
              <th>{gradeNames[i] ?? i + 1}</th>
              {row.map((v, j) => (
                <td key={j}>
                  <button
                    type="button"
                    className="zone-cell"
                    data-testid={`zm-${i}-${j}`}
                    style={{ background: ZONE_COLOURS[v - 1] ?? '#eee' }}
                    title={zoneNames[v - 1]}
                    onClick={() => save({ matrix: matrix.map((r, a) => r.map((x, b) => (a === i && b === j ? (x % zoneCount) + 1 : x))) })}
                  >
                    {v}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('zoning.settings')}</h3>
      {!doc.components.C && <p className="hint">{t('zoning.noCapacity')}</p>}
      <label>
        {t('zoning.capacity')}
        <select value={z.capacity ?? 'C'} data-testid="zoning-capacity" onChange={(e) => save({ capacity: e.target.value as (typeof COMPONENTS)[number] })}>
          {COMPONENTS.filter((c) => doc.components[c]).map((c) => (
            <option key={c} value={c}>
              {t(`comp.${c}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('zoning.capClasses')}
        <select value={m} data-testid="zoning-cap-classes" onChange={(e) => save({ capacityClasses: Number(e.target.value), matrix: zoningMatrix(k, Number(e.target.value)) })}>
          {[2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('zoning.majority')}
        <select value={z.majority ?? 0} data-testid="zoning-majority" onChange={(e) => save({ majority: Number(e.target.value) || undefined })}>
          <option value={0}>{t('info.none')}</option>
          {[3, 5, 7, 9].map((n) => (
            <option key={n} value={n}>
              {n} × {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('zoning.minArea')}
        <input type="number" min={0} step={0.5} value={z.minAreaKm2 ?? 0} data-testid="zoning-minarea" onChange={(e) => save({ minAreaKm2: Number(e.target.value) > 0 ? Number(e.target.value) : undefined })} />
      </label>
      <h3>{t('zoning.names')}</h3>
      <ul className="zone-list" data-testid="zone-list">
        {zoneNames.map((_, i) => (
          <li key={i}>
            <span className="swatch" style={{ background: ZONE_COLOURS[i] }} />
            <input value={(names ?? zoneNames)[i]} onChange={(e) => setNames((names ?? zoneNames).map((x, j) => (j === i ? e.target.value : x)))} onBlur={() => names && save({ names })} />
            {zones && (
              <span className="num" data-testid={`zone-area-${i + 1}`}>
                {((zones.cells[i + 1] ?? 0) * cellKm2).toFixed(1)} km²
              </span>
            )}
          </li>
        ))}
      </ul>
      <button type="button" className="primary" data-testid="zoning-run" disabled={runJob.running} onClick={() => void runJob.start()}>
        {t('zoning.run')}
      </button>
      {zoningLayer && <p className="hint" data-testid="zoning-done">{t('zoning.done', { name: zoningLayer.name })}</p>}
    </div>
  );
}
