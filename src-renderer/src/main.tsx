import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ReviewApp } from './ReviewApp';
import { resolveReviewClient } from './api/client';
import { I18nProvider, useI18n } from './i18n';
import { ErrorBoundary } from './components/ErrorBar';
import './styles.css';

function Root({ review }: { review: boolean }) {
  const { t } = useI18n();
  return <ErrorBoundary fallback={t('error.crash')}>{review ? <ReviewApp /> : <App />}</ErrorBoundary>;
}

// A review client (a desktop review window, a browser of `serve --review`) gets the review step alone.
void resolveReviewClient().then((review) =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider>
        <Root review={review} />
      </I18nProvider>
    </StrictMode>,
  ),
);
