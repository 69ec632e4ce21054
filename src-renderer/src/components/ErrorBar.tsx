/** A clear error message: the Chinese (or English) text for the code, the detail and the code. */
import { Component, type ReactNode } from 'react';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';

export function ErrorBar({ error, onClose }: { error: ApiError; onClose(): void }) {
  const { t, errorText } = useI18n();
  const { code, message, file, params } = error.info;
  return (
    <div className="error-bar" role="alert" data-testid="error">
      <strong>{t('error.title')}：</strong>
      {file ? `${file}：` : ''}
      {errorText(code, params)}
      <span className="detail">
        （{message}）[{code}]
      </span>
      <button type="button" onClick={onClose}>
        {t('error.dismiss')}
      </button>
    </div>
  );
}

/** Keeps a rendering bug from blanking the whole window. */
export class ErrorBoundary extends Component<{ children: ReactNode; fallback: string }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  render(): ReactNode {
    return this.state.failed ? <div className="error-bar" role="alert">{this.props.fallback}</div> : this.props.children;
  }
}
