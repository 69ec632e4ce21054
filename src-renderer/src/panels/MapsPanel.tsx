/**
 * Step 8, Maps: the layout designer. A sheet of the series (综合风险图, 综合防治区划图…)
 * starts from the engine's default layout for the last run; the technician edits its
 * texts, paper, orientation and scale here, and drags its elements on the live preview
 * (drawn by the engine exactly as it will print, over the map area). PDF and PNG are
 * written by `sheet.export` into the run's folder and offered for download.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { SheetCatalogEntry, SheetExport, SheetLayout, SheetPreview, Paper } from '../../../src-main/api/contract';
import { call } from '../api/client';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh';
import { useWorkspace } from '../workspace';
import { useAction } from '../hooks/useAction';
import { formatBytes } from '../lib/mapScale';
import { moveBox, type ElementName } from '../lib/layoutEdit';
import { NeedRun } from '../components/NeedRun';

const PAPERS: Paper[] = ['A4', 'A3', 'A2', 'A1', 'A0'];
const TEXTS = ['title', 'subtitle', 'compiler', 'date', 'sources', 'reviewNumber'] as const;
const PREVIEW_DEBOUNCE_MS = 300;

/** Offer a data URL as a download. */
function download(dataUrl: string, name: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = name;
  a.click();
}

export function MapsPanel() {
  const { t } = useI18n();
  const { run, fail, notify, project, setProject } = useWorkspace();
  const readOnly = project?.project?.readOnly ?? false;
  const act = useAction(fail);
  const [catalog, setCatalog] = useState<SheetCatalogEntry[]>([]);
  const [sheet, setSheet] = useState(0);
  const entry = catalog[sheet];
  const [layout, setLayout] = useState<SheetLayout | null>(null);
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [written, setWritten] = useState<SheetExport[]>([]);
  const seq = useRef(0);
  /** Set by the technician's edits (not by loading a layout): only those are kept in the project. */
  const edited = useRef(false);
  const edit = useCallback((l: SheetLayout) => {
    edited.current = true;
    setLayout(l);
  }, []);

  /** The sheet's layout: the project's edited one, or the default (for another paper or orientation, an edit). */
  const loadLayout = useCallback(
    (e: SheetCatalogEntry, paper?: Paper, orientation?: 'portrait' | 'landscape'): Promise<void> =>
      act(async () => {
        const l = await call('sheet.layout', { kind: e.kind, ...(e.layer ? { layer: e.layer } : {}), ...(paper ? { paper } : {}), ...(orientation ? { orientation } : {}) });
        edited.current = Boolean(paper || orientation);
        setLayout(l);
      }),
    [act],
  );
  // The sheets this run can give (综合风险图, 综合防治区划图, per hazard, per indicator…).
  useEffect(() => {
    if (!run) return;
    call('sheet.catalog', {}).then((c) => {
      setCatalog(c);
      setSheet(0);
    }, fail);
  }, [run, fail]);
  useEffect(() => {
    if (entry) void loadLayout(entry);
  }, [entry, loadLayout]);

  // Every edit is kept in the project a moment after the last one (saved to disk with 保存), so it
  // lasts when the step is left and the package draws it.
  useEffect(() => {
    if (!layout || !edited.current || readOnly) return;
    const timer = setTimeout(() => {
      edited.current = false;
      call('sheet.saveLayout', { layout })
        .then(async () => {
          setCatalog((c) => c.map((x) => (x.kind === layout.kind && (x.layer ?? undefined) === (layout.layer ?? undefined) ? { ...x, customised: true } : x)));
          const info = await call('project.info', {});
          if (info && project) setProject({ ...project, project: info });
        })
        .catch(fail);
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [layout, readOnly, fail, project, setProject]);

  const reset = (): Promise<void> =>
    act(async () => {
      if (!entry) return;
      const l = await call('sheet.resetLayout', { kind: entry.kind, ...(entry.layer ? { layer: entry.layer } : {}) });
      edited.current = false;
      setLayout(l);
      setCatalog((c) => c.map((x, i) => (i === sheet ? { ...x, customised: false } : x)));
    });

  // Live preview: re-rendered by the engine a moment after the last edit; late answers to older edits are dropped.
  useEffect(() => {
    if (!layout) return;
    const n = ++seq.current;
    const timer = setTimeout(() => {
      call('sheet.preview', { layout, dpi: 40 })
        .then((p) => n === seq.current && setPreview(p))
        .catch((err) => n === seq.current && fail(err));
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [layout, fail]);

  if (!run) return <NeedRun hint="maps.needRun" />;

  const exportAs = async (format: 'pdf' | 'png'): Promise<void> => {
    if (!layout) return;
    await act(
      async () => {
        const r = await call('sheet.export', { layout, format, inline: true });
        setWritten((w) => [r, ...w.filter((x) => x.path !== r.path)]);
        notify(t('maps.written', { path: r.path }));
        if (r.dataUrl) download(r.dataUrl, r.path.split(/[\\/]/).pop()!);
      },
      (on) => setBusy(on ? format : null),
    );
  };

  const stage = document.getElementById('map-stage');
  return (
    <div className="maps-panel">
      <label>
        {t('maps.kind')}
        <select value={sheet} data-testid="sheet-kind" onChange={(e) => setSheet(Number(e.target.value))}>
          {catalog.map((c, i) => (
            <option key={`${c.kind}-${c.layer ?? ''}`} value={i}>
              {c.title}
              {c.customised ? ` ${t('maps.customised')}` : ''}
            </option>
          ))}
        </select>
      </label>
      {layout && (
        <>
          <div className="row">
            <label>
              {t('maps.paper')}
              <select value={layout.paper} data-testid="sheet-paper" onChange={(e) => entry && void loadLayout(entry, e.target.value as Paper, layout.orientation)}>
                {PAPERS.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </label>
            <label>
              {t('maps.orientation')}
              <select value={layout.orientation} onChange={(e) => entry && void loadLayout(entry, layout.paper, e.target.value as 'portrait' | 'landscape')}>
                <option value="landscape">{t('maps.landscape')}</option>
                <option value="portrait">{t('maps.portrait')}</option>
              </select>
            </label>
          </div>
          <p className="hint">{t('maps.paperHint')}</p>
          <label>
            {t('maps.scale')}
            <select
              value={layout.scale.mode === 'fit' ? 'fit' : String(layout.scale.denominator)}
              data-testid="sheet-scale"
              onChange={(e) => edit({ ...layout, scale: e.target.value === 'fit' ? { mode: 'fit' } : { mode: 'fixed', denominator: Number(e.target.value) } })}
            >
              <option value="fit">{t('maps.fit')}</option>
              {[25_000, 50_000, 100_000, 200_000, 250_000, 500_000].map((d) => (
                <option key={d} value={d}>
                  1:{d.toLocaleString('en-US')}
                </option>
              ))}
            </select>
          </label>
          {preview && <p className="hint">{t('maps.usedScale', { n: preview.denominator.toLocaleString('en-US') })}</p>}
          {preview && <PlacementNotes preview={preview} />}
          {TEXTS.map((k) => (
            <label key={k}>
              {t(`maps.text.${k}` as MessageKey)}
              <input value={layout.texts[k]} data-testid={`sheet-text-${k}`} onChange={(e) => edit({ ...layout, texts: { ...layout.texts, [k]: e.target.value } })} />
            </label>
          ))}
          <h3>{t('maps.elements')}</h3>
          <div className="element-toggles">
            {(Object.keys(layout.elements) as ElementName[]).map((name) => (
              <label key={name} className="check">
                <input
                  type="checkbox"
                  checked={layout.elements[name].visible}
                  onChange={(e) => edit({ ...layout, elements: { ...layout.elements, [name]: { ...layout.elements[name], visible: e.target.checked } } })}
                />
                {t(`maps.el.${name}` as MessageKey)}
              </label>
            ))}
          </div>
          <div className="row">
            <button type="button" data-testid="sheet-reset" disabled={!entry?.customised || readOnly} onClick={() => void reset()}>
              {t('maps.reset')}
            </button>
            <button type="button" className="primary" data-testid="sheet-export-pdf" disabled={!!busy} onClick={() => void exportAs('pdf')}>
              {busy === 'pdf' ? t('maps.exporting') : t('maps.exportPdf')}
            </button>
            <button type="button" data-testid="sheet-export-png" disabled={!!busy} onClick={() => void exportAs('png')}>
              {busy === 'png' ? t('maps.exporting') : t('maps.exportPng')}
            </button>
          </div>
          <ul className="written" data-testid="sheet-written">
            {written.map((w) => (
              <li key={w.path}>
                {w.format.toUpperCase()} · {formatBytes(w.bytes)} · <span className="path">{w.path}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {stage && layout && preview && createPortal(<SheetStage layout={layout} preview={preview} onLayout={edit} />, stage)}
    </div>
  );
}

/** What the engine says of the previewed sheet: names left out for want of room, texts too big for their box, elements on top of each other. */
function PlacementNotes({ preview }: { preview: SheetPreview }) {
  const { t } = useI18n();
  const dropped = Object.values(preview.placement.dropped).reduce((a, b) => a + b, 0);
  const name = (el: string): string => t(`maps.el.${el}` as MessageKey);
  return (
    <div className="placement-notes" data-testid="sheet-placement">
      {dropped > 0 && <p className="hint">{t('maps.dropped', { n: dropped })}</p>}
      {preview.placement.overflow.length > 0 && <p className="warning">{t('maps.overflow', { names: preview.placement.overflow.map(name).join('、') })}</p>}
      {preview.overlaps.length > 0 && <p className="warning">{t('maps.overlaps', { pairs: preview.overlaps.map(([a, b]) => `${name(a)} × ${name(b)}`).join('、') })}</p>}
    </div>
  );
}

/** The preview over the map area, with each visible element's box draggable (mm on the paper). */
function SheetStage({ layout, preview, onLayout }: { layout: SheetLayout; preview: SheetPreview; onLayout(l: SheetLayout): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ name: ElementName; startX: number; startY: number; box: { x: number; y: number } } | null>(null);
  const [moved, setMoved] = useState<SheetLayout | null>(null);
  const shown = moved ?? layout;
  const mmPerPx = (): number => preview.widthMm / (ref.current?.getBoundingClientRect().width || 1);

  return (
    <div className="sheet-stage" data-testid="sheet-stage">
      <div
        className="sheet-paper"
        ref={ref}
        style={{ aspectRatio: `${preview.widthMm} / ${preview.heightMm}` }}
        onPointerMove={(e) => {
          if (!drag) return;
          const k = mmPerPx();
          setMoved(moveBox(layout, drag.name, drag.box.x + (e.clientX - drag.startX) * k, drag.box.y + (e.clientY - drag.startY) * k, preview.widthMm, preview.heightMm));
        }}
        onPointerUp={() => {
          if (moved) onLayout(moved);
          setMoved(null);
          setDrag(null);
        }}
      >
        <img src={preview.dataUrl} alt={layout.texts.title} data-testid="sheet-preview" draggable={false} />
        {(Object.entries(shown.elements) as [ElementName, SheetLayout['elements'][ElementName]][])
          .filter(([, b]) => b.visible)
          .map(([name, b]) => (
            <div
              key={name}
              className={`sheet-box ${drag?.name === name ? 'dragging' : ''}`}
              data-testid={`sheet-box-${name}`}
              title={`${t(`maps.el.${name}` as MessageKey)} — ${t('maps.dragHint')}`}
              style={{ left: `${(b.x / preview.widthMm) * 100}%`, top: `${(b.y / preview.heightMm) * 100}%`, width: `${(b.w / preview.widthMm) * 100}%`, height: `${(b.h / preview.heightMm) * 100}%` }}
              onPointerDown={(e) => {
                (e.target as Element).setPointerCapture?.(e.pointerId);
                setDrag({ name, startX: e.clientX, startY: e.clientY, box: { x: b.x, y: b.y } });
              }}
            >
              <span>{t(`maps.el.${name}` as MessageKey)}</span>
            </div>
          ))}
      </div>
    </div>
  );
}
