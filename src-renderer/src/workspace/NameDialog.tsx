/**
 * A small dialog over the map asking for a project name (new project, save as): the name
 * becomes a file of the workspace, so it is checked as the engine will check it before it
 * is sent — no folder separators or characters Windows refuses, no leading dot.
 */
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';

/** Why `name` cannot be a project name, as an i18n key; null when it can (the engine checks again). */
export function nameProblem(name: string): 'ws.nameEmpty' | 'ws.nameChars' | null {
  const n = name.trim();
  if (!n) return 'ws.nameEmpty';
  if (/[\\/:*?"<>|\u0000-\u001f]/.test(n) || n.startsWith('.') || /[. ]$/.test(n) || n.length > 100) return 'ws.nameChars';
  return null;
}

export function NameDialog({ title, initial, action, onDone, onClose, children }: { title: string; initial: string; action: string; onDone(name: string): void; onClose(): void; children?: ReactNode }) {
  const { t } = useI18n();
  const [name, setName] = useState(initial);
  const problem = nameProblem(name);
  return (
    <div className="help workspace-dialog" role="dialog" data-testid="name-dialog">
      <h3>{title}</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem) onDone(name.trim());
        }}
      >
        <label>
          {t('ws.name')}
          <input value={name} autoFocus maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="name-input" />
        </label>
        {problem && name !== '' && <p className="warning">{t(problem)}</p>}
        <div className="row">
          <button type="submit" className="primary" disabled={problem !== null} data-testid="name-ok">
            {action}
          </button>
          <button type="button" onClick={onClose}>
            {t('compute.cancel')}
          </button>
        </div>
      </form>
      {children}
    </div>
  );
}
