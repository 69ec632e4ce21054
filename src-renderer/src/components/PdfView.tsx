/**
 * A PDF deliverable drawn inside the app with pdf.js — no browser plug-in, and within the
 * page's content-security policy: the worker is a file of the app itself (script-src 'self'),
 * nothing is evaluated (isEvalSupported off), glyphs are drawn as paths rather than loaded as
 * web fonts. Every page is rendered to a canvas as wide as the box.
 */
import { useEffect, useRef, useState } from 'react';
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useI18n } from '../i18n';

GlobalWorkerOptions.workerSrc = workerUrl;

/** The bytes of a `data:…;base64,` URL. */
function bytesOf(dataUrl: string): Uint8Array {
  return Uint8Array.from(atob(dataUrl.slice(dataUrl.indexOf(',') + 1)), (c) => c.charCodeAt(0));
}

export function PdfView({ dataUrl, title }: { dataUrl: string; title: string }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'done' | 'failed'>('loading');

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let cancelled = false;
    const task = getDocument({ data: bytesOf(dataUrl), isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
    setState('loading');
    void (async () => {
      try {
        const doc = await task.promise;
        el.replaceChildren();
        for (let i = 1; i <= doc.numPages && !cancelled; i++) {
          const page = await doc.getPage(i);
          const base = page.getViewport({ scale: 1 });
          const viewport = page.getViewport({ scale: ((el.clientWidth || 600) * window.devicePixelRatio) / base.width });
          const canvas = document.createElement('canvas');
          canvas.width = Math.round(viewport.width);
          canvas.height = Math.round(viewport.height);
          canvas.style.width = '100%';
          canvas.setAttribute('aria-label', `${title} ${i}/${doc.numPages}`);
          el.append(canvas);
          await page.render({ canvas, viewport }).promise;
        }
        if (!cancelled) setState('done');
      } catch {
        if (!cancelled) setState('failed');
      }
    })();
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [dataUrl, title]);

  return (
    <div className="pdf-view" data-testid="pdf-view" data-state={state}>
      <div ref={box} />
      {state === 'loading' && <p className="hint">{t('attr.loading')}</p>}
      {state === 'failed' && <p className="warning">{t('review.pdfFailed')}</p>}
    </div>
  );
}
