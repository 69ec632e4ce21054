/**
 * The map's tool bar and the tools' read-outs: pan, identify (click → values of every
 * visible layer), measure distance and area, swipe/compare one layer against those under it.
 */
import { useEffect, useRef, useState } from 'react';
import { unByKey } from 'ol/Observable';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { attachSwipe, startMeasure } from './tools';
import type { IdentifyHit } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { formatArea, formatLength } from '../lib/mapScale';

/** A cell value with the precision a technician reads (integers as they are). */
function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}

export type ToolId = 'pan' | 'identify' | 'distance' | 'area' | 'swipe';
const TOOLS: ToolId[] = ['pan', 'identify', 'distance', 'area', 'swipe'];

export function MapTools({ tool, setTool }: { tool: ToolId; setTool(t: ToolId): void }) {
  const { t } = useI18n();
  const { map, layers, visible, fail } = useWorkspace();
  const [rows, setRows] = useState<IdentifyHit[] | null>(null);
  const [at, setAt] = useState<[number, number] | null>(null);
  const [measure, setMeasure] = useState<{ value: number; done: boolean } | null>(null);
  const [swipeLayer, setSwipeLayer] = useState('');
  const [swipePos, setSwipePos] = useState(0.5);
  const pos = useRef(swipePos);
  pos.current = swipePos;
  const failRef = useRef(fail);
  failRef.current = fail;

  useEffect(() => {
    setRows(null);
    setMeasure(null);
    if (!map) return;
    if (tool === 'identify') {
      // The engine answers for every layer of the project (shown or not): cell values, features hit.
      const key = map.on('singleclick', (e) => {
        const [x, y] = e.coordinate as [number, number];
        setAt([x, y]);
        const tolerance = 5 * (map.getView().getResolution() ?? 1);
        call('map.identify', { x, y, tolerance }).then(
          (r) => setRows(r.hits),
          (err) => failRef.current(err),
        );
      });
      map.getTargetElement()?.classList.add('cursor-identify');
      return () => {
        unByKey(key);
        map.getTargetElement()?.classList.remove('cursor-identify');
      };
    }
    if (tool === 'distance' || tool === 'area') return startMeasure(map, tool, (value, done) => setMeasure({ value, done }));
    return undefined;
  }, [map, tool]);

  const swipeCandidates = layers.filter((l) => visible[l.id] ?? l.visible);
  useEffect(() => {
    if (!map || tool !== 'swipe' || !swipeLayer) return;
    const layer = map.getAllLayers().find((l) => l.get('id') === swipeLayer);
    if (!layer) return;
    return attachSwipe(map, layer, () => pos.current);
  }, [map, tool, swipeLayer]);
  useEffect(() => {
    map?.render();
  }, [map, swipePos]);

  return (
    <>
      <div className="map-tools" role="toolbar" aria-label={t('tool.label')} data-testid="map-tools">
        {TOOLS.map((id) => (
          <button key={id} type="button" className={tool === id ? 'active' : ''} data-testid={`tool-${id}`} aria-pressed={tool === id} onClick={() => setTool(id)}>
            {t(`tool.${id}` as MessageKey)}
          </button>
        ))}
      </div>
      {tool === 'identify' && (
        <div className="tool-box identify" data-testid="identify">
          <h4>{t('tool.identify')}</h4>
          {!rows && <p className="hint">{t('identify.hint')}</p>}
          {rows && rows.length === 0 && <p className="hint">{t('identify.nothing')}</p>}
          {at && rows && (
            <p className="hint">
              X {at[0].toFixed(1)} Y {at[1].toFixed(1)}
            </p>
          )}
          {rows?.map((r) => (
            <section key={r.layerId} data-testid={`identify-${r.layerId}`}>
              <h5>{r.name}</h5>
              <table>
                <tbody>
                  {r.kind === 'raster' &&
                    (r.values ?? []).map((v, i) => (
                      <tr key={i}>
                        <th>{(r.values?.length ?? 0) > 1 ? `${t('identify.band')} ${i + 1}` : t('identify.value')}</th>
                        <td>{v === null ? t('identify.nodata') : formatValue(v)}</td>
                      </tr>
                    ))}
                  {r.kind === 'vector' &&
                    (r.features ?? []).slice(0, 3).flatMap((f) =>
                      Object.entries(f.properties)
                        .filter(([, v]) => v === null || typeof v !== 'object')
                        .map(([k, v]) => (
                          <tr key={`${f.fid}-${k}`}>
                            <th>{k}</th>
                            <td>{v === null || v === undefined ? '' : String(v)}</td>
                          </tr>
                        )),
                    )}
                </tbody>
              </table>
              {(r.features?.length ?? 0) > 3 && <p className="hint">{t('identify.more', { n: r.features!.length - 3 })}</p>}
            </section>
          ))}
        </div>
      )}
      {(tool === 'distance' || tool === 'area') && (
        <div className="tool-box" data-testid="measure">
          <h4>{t(`tool.${tool}`)}</h4>
          <p data-testid="measure-value">{measure ? (tool === 'distance' ? formatLength(measure.value) : formatArea(measure.value)) : t('measure.hint')}</p>
          <p className="hint">{t('measure.geodesic')}</p>
        </div>
      )}
      {tool === 'swipe' && (
        <>
          <div className="tool-box" data-testid="swipe">
            <h4>{t('tool.swipe')}</h4>
            <label>
              {t('swipe.layer')}
              <select value={swipeLayer} onChange={(e) => setSwipeLayer(e.target.value)} data-testid="swipe-layer">
                <option value="">—</option>
                {swipeCandidates.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            <p className="hint">{t('swipe.hint')}</p>
          </div>
          {swipeLayer && (
            <>
              <div className="swipe-line" style={{ left: `${swipePos * 100}%` }} />
              <input
                className="swipe-slider"
                type="range"
                min={0}
                max={1}
                step={0.001}
                value={swipePos}
                aria-label={t('swipe.position')}
                data-testid="swipe-slider"
                onChange={(e) => setSwipePos(Number(e.target.value))}
              />
            </>
          )}
        </>
      )}
    </>
  );
}
