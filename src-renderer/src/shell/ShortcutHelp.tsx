/** The keyboard shortcuts as a table over the map (F1 opens and closes it, Esc closes it). */
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { SHORTCUTS } from '../lib/shortcuts';

export function ShortcutHelp({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  return (
    <div className="help" data-testid="help" role="dialog">
      <h3>{t('help.title')}</h3>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{t(`shortcut.${s.action.startsWith('step:') ? 'step' : s.action}` as MessageKey)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        {t('error.dismiss')}
      </button>
    </div>
  );
}
