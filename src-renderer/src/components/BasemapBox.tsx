/**
 * The offline basemap: an MBTiles file or a folder of XYZ tiles on this machine, read by
 * the engine and drawn under the data layers. Desktop: chosen in the native dialog. Browser
 * (`riskatlas serve`): a path inside the project's folder, the only place serve mode reads.
 */
import { useState } from 'react';
import { call, isDesktop } from '../api/client';
import { useI18n } from '../i18n';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';

export function BasemapBox() {
  const { t } = useI18n();
  const { basemap, setBasemap, fail, notify, project } = useWorkspace();
  const act = useAction(fail);
  const [path, setPath] = useState('');

  const open = (p: string): Promise<void> =>
    act(async () => {
      const info = await call('basemap.open', { path: p });
      setBasemap(info);
      notify(t('basemap.opened', { name: info.name, min: info.minZoom, max: info.maxZoom }));
    });
  const choose = (purpose: 'openBasemap' | 'openTileFolder'): Promise<void> =>
    act(async () => {
      const { paths } = await call('dialog.choose', { purpose });
      if (paths[0]) await open(paths[0]);
    });
  const close = (): Promise<void> =>
    act(async () => {
      await call('basemap.close', {});
      setBasemap(null);
    });

  return (
    <div className="basemap" data-testid="basemap">
      <h3>{t('basemap.title')}</h3>
      {basemap ? (
        <p data-testid="basemap-info">
          {basemap.name}（{basemap.kind === 'mbtiles' ? 'MBTiles' : 'XYZ'}，{basemap.format.toUpperCase()}，z {basemap.minZoom}–{basemap.maxZoom}）{' '}
          <button type="button" className="link" onClick={() => void close()}>
            {t('basemap.close')}
          </button>
        </p>
      ) : isDesktop ? (
        <div className="row">
          <button type="button" onClick={() => void choose('openBasemap')}>
            MBTiles…
          </button>
          <button type="button" onClick={() => void choose('openTileFolder')}>
            {t('basemap.folder')}
          </button>
        </div>
      ) : (
        <div className="row">
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder={project?.project?.dataDir ?? ''} data-testid="basemap-path" />
          <button type="button" disabled={!path} data-testid="basemap-open" onClick={() => void open(path)}>
            {t('basemap.open')}
          </button>
        </div>
      )}
      <p className="hint">{isDesktop ? t('basemap.hint') : t('basemap.serveHint')}</p>
    </div>
  );
}
