/** The app shell: header, layer tree and info, the map with legend, compute, status bar. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LayerEntry, ProjectView, RunResult } from '../../src-main/api/contract';
import { api, call, ApiError } from './api/client';
import { useI18n } from './i18n';
import { LayerTree } from './components/LayerTree';
import { LayerInfo } from './components/LayerInfo';
import { Legend } from './components/Legend';
import { ComputePanel } from './components/ComputePanel';
import { ErrorBar } from './components/ErrorBar';
import { MapView } from './map/MapView';

export function App() {
  const { t, lang, setLang } = useI18n();
  const [project, setProject] = useState<ProjectView | null>(null);
  const [loading, setLoading] = useState(true);
  const [run, setRun] = useState<RunResult | null>(null);
  const [visible, setVisible] = useState<Record<string, boolean>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pointer, setPointer] = useState('');

  const fail = useCallback((err: unknown) => setError(err instanceof ApiError ? err : new ApiError({ code: 'E_INTERNAL', message: String(err) })), []);

  useEffect(() => {
    // The token has done its job (the server set a cookie): keep it out of the address bar and history.
    if (window.location.search.includes('token=')) window.history.replaceState(null, '', window.location.pathname);
    call('project.current', {})
      .then((p) => {
        setProject(p);
        setRun(p?.lastRun ?? null);
      })
      .catch(fail)
      .finally(() => setLoading(false));
  }, [fail]);

  const openDemo = async (): Promise<void> => {
    setLoading(true);
    try {
      const p = await call('project.openDemo', {});
      setProject(p);
      setRun(null);
      setVisible({});
    } catch (err) {
      fail(err);
    } finally {
      setLoading(false);
    }
  };

  const layers: LayerEntry[] = useMemo(() => [...(run?.layers ?? []), ...(project?.layers ?? [])], [run, project]);
  const selectedLayer = layers.find((l) => l.id === selected) ?? null;
  const onToggle = useCallback((id: string, on: boolean) => setVisible((v) => ({ ...v, [id]: on })), []);
  const onDone = useCallback((r: RunResult) => {
    setRun(r);
    // Show the grade and hide the hazard inputs under it, so the result is what one sees.
    setVisible((v) => ({ ...v, ...Object.fromEntries(r.layers.map((l) => [l.id, l.visible])) }));
  }, []);
  const dataUrl = useCallback((id: string) => api.dataUrl(id), []);

  return (
    <div className="app">
      <header>
        <h1>{t('app.title')}</h1>
        {project && <span className="project-name">{project.name}</span>}
        <button type="button" className="lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('app.lang')}
        </button>
      </header>
      {error && <ErrorBar error={error} onClose={() => setError(null)} />}
      <main>
        <aside>
          {project ? (
            <>
              <ComputePanel onDone={onDone} onError={fail} />
              <h2>{t('layers.title')}</h2>
              <LayerTree layers={layers} visible={visible} selected={selected} onToggle={onToggle} onSelect={setSelected} />
              {selectedLayer && <LayerInfo layer={selectedLayer} />}
            </>
          ) : (
            !loading && (
              <div className="empty">
                <p>{t('project.none')}</p>
                <button type="button" className="primary" data-testid="open-demo" onClick={() => void openDemo()}>
                  {t('project.openDemo')}
                </button>
                <p className="hint">{t('project.demoHint')}</p>
              </div>
            )
          )}
        </aside>
        <section className="map-area">
          {project && <MapView project={project} layers={layers} visible={visible} dataUrl={dataUrl} onPointer={setPointer} />}
          {run && <Legend classes={run.classification.classes} />}
        </section>
      </main>
      <footer data-testid="status-bar">
        <span>
          {t('status.coords')}：{pointer}
        </span>
        <span>CGCS2000</span>
      </footer>
    </div>
  );
}
