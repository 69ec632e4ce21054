/**
 * The about box: version and commit of this build, the platform, where the log files are (a
 * bureau sends them with a bug report), and the licences of the bundled fonts and libraries.
 */
import { useEffect, useState } from 'react';
import type { AboutInfo } from '../../../src-shared/about';
import { call } from '../api/client';
import { useI18n } from '../i18n';

export function AboutBox({ onClose, onError }: { onClose(): void; onError(err: unknown): void }) {
  const { t } = useI18n();
  const [about, setAbout] = useState<AboutInfo | null>(null);
  useEffect(() => {
    call('app.about', {}).then(setAbout, onError);
  }, [onError]);
  return (
    <div className="about" data-testid="about" role="dialog" aria-label={t('about.title')}>
      <h3>{t('app.title')}</h3>
      {about && (
        <>
          <table>
            <tbody>
              <tr>
                <th>{t('about.version')}</th>
                <td data-testid="about-version">{about.version}</td>
              </tr>
              <tr>
                <th>{t('about.commit')}</th>
                <td data-testid="about-commit">{about.commit}</td>
              </tr>
              <tr>
                <th>{t('about.platform')}</th>
                <td>
                  {about.platform} · Node.js {about.node}
                  {about.electron ? ` · Electron ${about.electron}` : ''}
                </td>
              </tr>
              <tr>
                <th>{t('about.logs')}</th>
                <td data-testid="about-logs">{about.logDir ?? t('about.noLogs')}</td>
              </tr>
            </tbody>
          </table>
          <h4>{t('about.licences')}</h4>
          <div className="about-licences">
            <table data-testid="about-licences">
              <tbody>
                {about.licences.map((l) => (
                  <tr key={`${l.kind}:${l.name}`} title={l.copyright}>
                    <td>{l.name}</td>
                    <td>{l.version}</td>
                    <td>{l.licence}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <button type="button" data-testid="about-close" onClick={onClose}>
        {t('error.dismiss')}
      </button>
    </div>
  );
}
