/**
 * The projects of the workspace (the folder projects are made in and opened from by name:
 * `riskatlas serve --workspace`, Documents/RiskAtlas in the desktop app), the recently
 * opened first; a click opens one. Shown on the start page and in the open-project dialog.
 */
import { useEffect, useState } from 'react';
import type { WorkspaceListing } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';

export function WorkspaceList({ onOpen, fail }: { onOpen(name: string): void; fail(err: unknown): void }) {
  const { t, lang } = useI18n();
  const [listing, setListing] = useState<WorkspaceListing | null>(null);
  useEffect(() => {
    let live = true;
    call('workspace.list', {})
      .then((l) => live && setListing(l))
      .catch((err) => live && fail(err));
    return () => {
      live = false;
    };
  }, [fail]);
  if (!listing) return <p className="hint">{t('attr.loading')}</p>;
  return (
    <div className="workspace-list" data-testid="workspace-list">
      <p className="hint">{t('ws.folder', { folder: listing.folder })}</p>
      {listing.projects.length === 0 ? (
        <p className="hint">{t('ws.empty')}</p>
      ) : (
        <ul>
          {listing.projects.map((p) => (
            <li key={p.name}>
              <button type="button" className="link" disabled={p.open} data-testid={`ws-open-${p.name}`} onClick={() => onOpen(p.name)}>
                {p.name}
              </button>
              <span className="hint">{new Date(p.modified).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}</span>
              {p.open && <span className="hint">{t('ws.isOpen')}</span>}
              {p.recoverable && <span className="warning">{t('ws.recoverable')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
