import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ReviewApp } from './ReviewApp';
import { isReviewWindow } from './api/client';
import { I18nProvider, useI18n } from './i18n';
import { ErrorBoundary } from './components/ErrorBar';
import './styles.css';

function Root() {
  const { t } = useI18n();
  return (
    <ErrorBoundary fallback={t('error.crash')}>
      {isReviewWindow ? <ReviewApp /> : <App />}
    </ErrorBoundary>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Root />
    </I18nProvider>
  </StrictMode>,
);
