/**
 * The state behind the API for one app session: the open project (a model document and
 * its layers), the registry of layer data the renderer may fetch, and running jobs.
 * Both transports share one Session, so the Electron window and a browser see the same.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RiskAtlasError, toErrorInfo } from '../engine/errors';
import { crsFromEpsg } from '../engine/crs/registry';
import { inspect } from '../engine/io/inspect';
import { openGeoTiff } from '../engine/io/geotiff';
import type { LayerMeta, RasterMeta } from '../engine/io/layer';
import { defaultStyle, type LayerStyle } from '../engine/catalog/styles';
import type { Category } from '../engine/catalog/categories';
import { loadModel, resolveModelPath, type LoadedModel } from '../engine/model/loadModel';
import { readVectorInGrid } from '../engine/model/indicators';
import { featureExtent } from '../engine/io/vectorMeta';
import { runModelInWorker, type RunHandle } from '../engine/workers/runInWorker';
import type { RunSummary } from '../engine/model/run';
import type { JobStatus, LayerEntry, ProjectView, RunResult } from './contract';

/** Above this many pixels a raster's display range is not read in full (it comes from the model's defaults). */
const RANGE_SCAN_LIMIT = 16_000_000;

/** A layer the renderer may fetch by id: the file behind it, and for vectors the analysis CRS to serve it in. */
export interface DataSource {
  entry: LayerEntry;
  path: string;
  layerRef?: LoadedModel['doc']['layers'][string];
}

interface Job {
  status: JobStatus;
  handle: RunHandle;
}

async function rasterRange(meta: RasterMeta): Promise<{ min: number; max: number } | undefined> {
  if (meta.width * meta.height > RANGE_SCAN_LIMIT) return undefined;
  const src = await openGeoTiff(meta.path);
  try {
    const data = await src.readWindow(0, 0, meta.width, meta.height, 0);
    let min = Infinity;
    let max = -Infinity;
    for (const v of data) {
      if (Number.isNaN(v) || v === meta.nodata) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return Number.isFinite(min) ? { min, max } : undefined;
  } finally {
    await src.close();
  }
}

export class Session {
  private project: { model: LoadedModel; view: ProjectView } | null = null;
  private readonly data = new Map<string, DataSource>();
  private readonly jobs = new Map<string, Job>();
  private workDir: string | null = null;

  /** The open project's view, or null. */
  current(): ProjectView | null {
    return this.project?.view ?? null;
  }

  /** A data source by layer id (for the data route / protocol). */
  dataSource(id: string): DataSource | undefined {
    return this.data.get(id);
  }

  /** The analysis EPSG of the open project (vectors are served in it). */
  analysisEpsg(): number {
    if (!this.project) throw new RiskAtlasError('E_ARG_INVALID', 'no project is open');
    return this.project.view.epsg;
  }

  /** Open a model document as the project: catalogue its layers and compute the study extent. */
  async openModel(modelPath: string): Promise<ProjectView> {
    const model = await loadModel(modelPath);
    const doc = model.doc;
    this.data.clear();
    const layers: LayerEntry[] = [];
    for (const [id, ref] of Object.entries(doc.layers)) {
      const path = resolveModelPath(model, ref.path);
      const res = await inspect(path, ref.crs === undefined ? undefined : { crs: ref.crs });
      if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: ref.path });
      const meta = res.value;
      const range = meta.kind === 'raster' ? await rasterRange(meta) : undefined;
      const entry = this.entry(id, ref.name, ref.category, meta, defaultStyle(ref.category, meta, range), ref);
      layers.push(entry);
      this.data.set(id, { entry, path, layerRef: ref });
    }
    const studyRef = doc.layers[doc.grid.studyArea]!;
    const study = await readVectorInGrid(resolveModelPath(model, studyRef.path), studyRef, doc.grid.epsg);
    const extent = featureExtent(study.features);
    if (!extent) throw new RiskAtlasError('E_MODEL_LAYER', 'the study-area layer has no geometry', { file: studyRef.path });
    const crs = crsFromEpsg(doc.grid.epsg);
    const view: ProjectView = { name: doc.name, epsg: doc.grid.epsg, proj4: crs.proj4, extent, layers, lastRun: null };
    this.project = { model, view };
    return view;
  }

  private entry(id: string, name: string, category: Category, meta: LayerMeta, style: LayerStyle, ref?: { hazard?: string; units?: string }): LayerEntry {
    const e: LayerEntry = { id, name, category, meta, style, visible: category !== 'exposure' && category !== 'capacity' && meta.kind === 'vector' };
    if (ref?.hazard) e.hazard = ref.hazard;
    if (ref?.units) e.units = ref.units;
    return e;
  }

  /** Start running the open project's model in a worker; returns the job id at once. */
  async startRun(): Promise<string> {
    const project = this.project;
    if (!project) throw new RiskAtlasError('E_ARG_INVALID', 'open a project before computing');
    this.workDir ??= await mkdtemp(join(tmpdir(), 'riskatlas-'));
    const jobId = `run-${randomBytes(6).toString('hex')}`;
    const outDir = join(this.workDir, jobId);
    const status: JobStatus = { jobId, state: 'running', progress: 0, step: 'read' };
    const handle = runModelInWorker({ modelPath: project.model.path, outDir }, (p) => {
      status.progress = p.progress;
      status.step = p.step;
    });
    this.jobs.set(jobId, { status, handle });
    handle.done.then(
      async (summary) => {
        status.result = await this.registerResult(jobId, summary);
        status.state = 'done';
        status.progress = 1;
        project.view.lastRun = status.result;
      },
      (err: unknown) => {
        const info = toErrorInfo(err);
        status.state = info.code === 'E_CANCELLED' ? 'cancelled' : 'failed';
        status.error = info;
      },
    );
    return jobId;
  }

  private async registerResult(runId: string, s: RunSummary): Promise<RunResult> {
    const layers: LayerEntry[] = [];
    const add = async (id: string, name: string, path: string, style: LayerStyle): Promise<void> => {
      const res = await inspect(path);
      if (!res.ok) throw new RiskAtlasError(res.error.code, res.error.message, { file: path });
      const entry = this.entry(id, name, 'result', res.value, style);
      entry.visible = id.endsWith('grade');
      layers.push(entry);
      this.data.set(id, { entry, path });
    };
    const b = s.classification.breaks;
    await add(`${runId}-index`, '综合风险指数', s.files.index, { type: 'ramp', min: b[0]!, max: b[b.length - 1]!, colors: ['#38A800', '#FFFF00', '#E60000'] });
    await add(`${runId}-grade`, '综合风险等级', s.files.grade, {
      type: 'classes',
      classes: s.classification.classes.map((c) => ({ value: c.grade, color: c.color })),
    });
    if (s.files.zoning) {
      const colours = ['#C00000', '#FF9900', '#FFE699'];
      await add(`${runId}-zoning`, '综合防治区划', s.files.zoning, { type: 'classes', classes: colours.map((color, i) => ({ value: i + 1, color })) });
    }
    return {
      runId,
      outDir: s.outDir,
      files: { index: s.files.index, grade: s.files.grade, png: s.files.png, stats: s.files.stats },
      classification: s.classification,
      weights: s.weights,
      layers,
      elapsedMs: s.elapsedMs,
    };
  }

  /** A job's status. */
  jobStatus(jobId: string): JobStatus {
    const job = this.jobs.get(jobId);
    if (!job) throw new RiskAtlasError('E_ARG_INVALID', `no job "${jobId}"`);
    return job.status;
  }

  /** Cancel a running job; false when it had already ended. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) throw new RiskAtlasError('E_ARG_INVALID', `no job "${jobId}"`);
    if (job.status.state !== 'running') return false;
    job.handle.cancel();
    return true;
  }
}
