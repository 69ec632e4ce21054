/**
 * The map's tool bar and the tools' read-outs: pan, identify (click → values of every
 * visible layer), measure distance and area, swipe/compare one layer against those under it.
 */
import { useEffect, useRef, useState } from 'react';
import { unByKey } from 'ol/Observable';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { attachSwipe, identifyAt, startMeasure, type IdentifyRow } from './tools';
import { formatArea, formatLength } from '../lib/mapScale';

export type ToolId = 'pan' | 'identify' | 'distance' | 'area' | 'swipe';
const TOOLS: ToolId[] = ['pan', 'identify', 'distance', 'area', 'swipe'];

export function MapTools({ tool, setTool }: { tool: ToolId; setTool(t: ToolId): void }) {
  const { t } = useI18n();
  const { map, layers, visible } = useWorkspace();
  const [rows, setRows] = useState<IdentifyRow[] | null>(null);
  const [measure, setMeasure] = useState<{ value: number; done: boolean } | null>(null);
  const [swipeLayer, setSwipeLayer] = useState('');
  const [swipePos, setSwipePos] = useState(0.5);
  const pos = useRef(swipePos);
  pos.current = swipePos;
  const layersRef = useRef(layers);
  layersRef.current = layers;

  useEffect(() => {
    setRows(null);
    setMeasure(null);
    if (!map) return;
    if (tool === 'identify') {
      const key = map.on('singleclick', (e) => setRows(identifyAt(map, e.pixel, layersRef.current)));
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
          {rows?.map((r) => (
            <section key={r.layerId} data-testid={`identify-${r.layerId}`}>
              <h5>{r.layerName}</h5>
              <table>
                <tbody>
                  {r.values.map(([k, v]) => (
                    <tr key={k}>
                      <th>{k}</th>
                      <td>{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
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
