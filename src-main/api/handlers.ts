/** The API's implementation: one handler per contract method, over a {@link Session}. */
import { inspect } from '../engine/io/inspect';
import { RiskAtlasError } from '../../src-shared/errors';
import { appVersion, demoModelPath } from '../appPaths';
import type { ApiHandlers } from './dispatch';
import type { Session } from './session';
import { createSheetHandlers } from './sheetHandlers';
import { createBasemapHandlers } from './basemapHandlers';
import type { ChoosePaths } from './dialogs';
import { scaffoldModel } from './scaffold';
import { DEFAULT_ZONE_MATRIX, ZONE_NAMES } from '../../src-shared/zoneMatrix';
import { ahpWeights, RANDOM_INDEX } from '../../src-shared/ahp';
import { breaksPreview, entropyOf, featurePage, histogramOf, identifyAt, indicatorOnGrid, studyGrid, vectorOf } from './analysis';

/**
 * Handlers bound to a session. `allowPath` decides which user-given paths may be read
 * (the Electron shell allows what the user picked in a dialog; serve mode allows none
 * outside the project) — see ARCHITECTURE.md "Security". `shell.choosePaths` shows the
 * native file dialogs (Electron only; without it `dialog.choose` is refused).
 */
export function createHandlers(session: Session, allowPath: (path: string) => boolean, shell: { choosePaths?: ChoosePaths } = {}): ApiHandlers {
  /** A user-given path, if the shell allows it (E_PATH_FORBIDDEN otherwise: serve mode allows none). */
  const allowed = (path: string): string => {
    if (!allowPath(path)) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'this path was not chosen by the user', { file: path });
    return path;
  };
  return {
    'app.info': async () => ({ name: 'RiskAtlas', version: appVersion(), node: process.versions.node }),
    'project.current': async () => session.current(),
    'project.openDemo': async () => session.openModel(demoModelPath()),
    'layer.inspect': async ({ path }) => {
      const res = await inspect(allowed(path));
      if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: res.error.file ?? path });
      return res.value;
    },
    'job.startRun': async () => ({ jobId: await session.startRun() }),
    'job.status': async ({ jobId }) => session.jobStatus(jobId),
    'job.cancel': async ({ jobId }) => ({ cancelled: session.cancel(jobId) }),

    // Project file.
    'project.new': async ({ name, path }) => session.newProject(name, path === undefined ? undefined : allowed(path)),
    'project.open': async ({ path }) => session.openProject(allowed(path)),
    'project.recover': async ({ accept }) => session.recover(accept),
    'project.save': async () => session.save(),
    'project.saveAs': async ({ name, path }) => {
      if (name === undefined && path === undefined) throw new RiskAtlasError('E_ARG_INVALID', 'project.saveAs: give a name or a path');
      return session.saveAs({ ...(name !== undefined ? { name } : {}), ...(path !== undefined ? { path: allowed(path) } : {}) });
    },
    'project.close': async () => ({ closed: await session.close() }),
    'project.info': async () => session.info(),
    'project.draft': async () => session.draft(),
    'project.runs': async () => session.open().file.runs(),
    'project.recent': async () => session.recent(),
    'zoning.defaults': async () => ({ matrix: DEFAULT_ZONE_MATRIX.map((row) => [...row]), names: [...ZONE_NAMES] }),
    'dialog.choose': async ({ purpose }) => {
      if (!shell.choosePaths) throw new RiskAtlasError('E_PATH_FORBIDDEN', 'no file dialogs in the browser: upload the file instead');
      return { paths: await shell.choosePaths(purpose) };
    },

    // Data.
    'layer.import': async ({ path, crs }) => session.importPath(allowed(path), crs),
    'upload.begin': async ({ fileName, size }) => session.uploads().begin(fileName, size),
    'upload.chunk': async ({ uploadId, offset, data }) => session.uploads().chunk(uploadId, offset, data),
    'upload.abort': async ({ uploadId }) => ({ aborted: await session.uploads().abort(uploadId) }),
    'layer.importUploads': async ({ uploadIds, crs }) => session.importUploads(uploadIds, crs),
    'layer.update': async ({ id, ...patch }) => session.updateLayer(id, patch),
    'layer.remove': async ({ id }) => ({ removed: await session.removeLayer(id) }),
    'layer.features': async ({ id, offset, limit, sort, filter }) => {
      const src = session.dataSource(id);
      if (!src || src.entry.meta.kind !== 'vector') throw new RiskAtlasError('E_ARG_INVALID', `no vector layer "${id}" in the project`);
      const layer = await vectorOf(src, session.analysisEpsg());
      return featurePage(layer, { offset, limit, ...(sort ? { sort } : {}), ...(filter ? { filter } : {}) });
    },
    'map.identify': async ({ x, y, tolerance, layers }) => {
      const epsg = session.analysisEpsg();
      const ids = layers ?? session.open().entries.map((e) => e.id).concat(session.current()?.lastRun?.layers.map((l) => l.id) ?? []);
      const sources = ids.map((id) => {
        const src = session.dataSource(id);
        if (!src) throw new RiskAtlasError('E_ARG_INVALID', `no layer "${id}" in the project`);
        return src;
      });
      return { hits: await identifyAt(sources, epsg, x, y, tolerance) };
    },

    // Quality control.
    'qc.run': async ({ surveyYear }) => session.runQc(surveyYear),
    'qc.findings': async () => session.qcView(),

    // Model.
    'model.get': async () => session.model(),
    'model.update': async ({ doc }) => session.updateModel(doc),
    'model.undo': async () => session.stepModel('undo'),
    'model.redo': async () => session.stepModel('redo'),
    'model.scaffold': async () => {
      session.open();
      const draft = session.draft()!;
      return session.validateModel(scaffoldModel(draft.name, draft.layers, session.analysisEpsg()));
    },
    'weights.ahp': async ({ matrix }) => {
      const r = ahpWeights(matrix);
      return { weights: r.weights, lambdaMax: r.lambdaMax, ci: r.ci, cr: r.cr, consistent: r.consistent, ri: RANDOM_INDEX[matrix.length - 1] ?? RANDOM_INDEX[RANDOM_INDEX.length - 1] };
    },
    'weights.entropy': async ({ indicators }) => entropyOf(session.loadedModel(), indicators),
    'indicator.histogram': async ({ indicator, spec, normalised, bins }) => {
      const m = spec === undefined ? session.loadedModel() : session.modelWithIndicator(spec);
      const id = indicator ?? m.doc.indicators[m.doc.indicators.length - 1]!.id;
      const { grid, mask } = await studyGrid(m);
      return histogramOf(await indicatorOnGrid(m, id, grid, mask, normalised), bins);
    },
    'classes.preview': async ({ method, classes, thresholds, bins }) => breaksPreview(await session.lastIndexValues(), method, classes, thresholds, bins),
    'classes.setThresholds': async ({ thresholds }) => {
      if (thresholds.some((t, i) => i > 0 && !(t > thresholds[i - 1]!))) throw new RiskAtlasError('E_MODEL_INVALID', 'classification.thresholds: must be strictly ascending');
      const doc = session.loadedModel().doc;
      return session.updateModel({ ...doc, classification: { ...doc.classification, method: 'fixed', thresholds, classes: thresholds.length + 1 } });
    },

    // Compute.
    'preview.composite': async ({ doc, maxCells }) => session.previewComposite(doc, maxCells),

    // Review.
    'review.open': async ({ path }) => (path === undefined ? session.reviewInPlace() : session.openReview(allowed(path))),
    'review.close': async () => ({ closed: await session.closeReview() }),
    'review.view': async () => session.reviewView(),
    'review.item': async ({ id }) => session.reviewItem(id),
    'review.addComment': async (c) => session.addComment(c),
    'review.resolveComment': async ({ id, resolved }) => session.resolveComment(id, resolved),
    'review.decide': async (d) => session.decide(d),
    'review.export': async ({ format }) => session.exportReview(format),
    ...createSheetHandlers(session),
    ...createBasemapHandlers(session, allowPath),
  };
}
