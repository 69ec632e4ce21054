/**
 * `riskatlas new <dir> --boundary <file> [--name <name>] [--code <行政区划代码>] [--crs auto|EPSG:<n>]
 * [--cell <metres>] [--hazards <ids>] [--layers <file>…] [--model <model.json>] [--json]`: a new
 * project made the way the app's wizard makes it — through the same API functions (the project
 * file, the data folder with the imported layers copied in and catalogued) and the engine's
 * `newModel` (analysis CRS, grid, census templates bound to the layers) — then printed: the CRS
 * and why, the grid size and what a run of it will cost (engine/pipeline/estimate.ts; a
 * warning when it does not fit this machine), which slots were bound to which layers and which
 * are open.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { RiskAtlasError } from '../../src-shared/errors';
import type { Lang } from '../../src-shared/messages';
import { Session } from '../api/session';
import { newProject } from '../api/project/open';
import { save } from '../api/project/save';
import { importPath } from '../api/layers/import';
import { updateLayer } from '../api/layers/update';
import { updateModel } from '../api/model/edit';
import type { LayerEntry } from '../api/layers/contract';
import { dataDirOf, PROJECT_EXT } from '../api/project/paths';
import { catalogueLayerOf } from '../api/wizard/catalogue';
import { checkAnalysisCrs, crsDisplayName, suggestAnalysisCrs, type CrsSuggestion } from '../engine/crs/analysisCrs';
import { lonLatBoxOf } from '../engine/crs/identify';
import { isGeographic } from '../engine/crs/registry';
import { analysisGrid } from '../engine/pipeline/run';
import { estimateModelRun, estimateRun, type RunEstimate } from '../engine/pipeline/estimate';
import { checkRunFits, freeResources } from '../engine/pipeline/preflight';
import { newModel } from '../engine/model/newModel';
import { loadTemplates } from '../engine/templates/load';
import type { SlotBinding } from '../engine/templates/bind';

/** Options of `riskatlas new` as parsed from the command line (strings, unchecked). */
export interface NewArgs {
  dir: string;
  boundary?: string;
  name?: string;
  code?: string;
  crs?: string;
  cell?: string;
  hazards?: string;
  layers?: string[];
  model?: string;
  json?: boolean;
}

/** A usage problem with an option of `new` (exit 2). */
export class NewUsageError extends Error {}

/** Cell size when none is given: the census county assessments' 100 m grid. */
export const DEFAULT_CELL_SIZE = 100;

/** The options checked: the CRS (`auto` or a code), the cell size, the template ids. */
function parseNewOptions(a: NewArgs): { crs: number | 'auto'; cell: number; hazards: string[] } {
  if (!a.boundary) throw new NewUsageError('new needs --boundary <file>: the polygon layer of the study area');
  let crs: number | 'auto' = 'auto';
  if (a.crs !== undefined && a.crs.trim().toLowerCase() !== 'auto') {
    const m = /^(?:EPSG:)?(\d{4,6})$/i.exec(a.crs.trim());
    if (!m) throw new NewUsageError(`--crs expects auto or EPSG:<code>, got "${a.crs}"`);
    crs = Number(m[1]);
  }
  const cell = a.cell === undefined ? DEFAULT_CELL_SIZE : Number(a.cell);
  if (!(cell > 0 && cell <= 10_000)) throw new NewUsageError(`--cell expects metres above 0 and at most 10000, got "${a.cell}"`);
  const known = loadTemplates().map((t) => t.id);
  const hazards = (a.hazards ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = hazards.find((h) => !known.includes(h));
  if (bad !== undefined) throw new NewUsageError(`--hazards expects census template ids (${known.join(', ')}), got "${bad}"`);
  return { crs, cell, hazards };
}

/** A project file name from the project's name: characters no file system takes become _. */
const fileStem = (name: string): string => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'project';

/** What `new` made, as `--json` prints it. */
export interface NewReport {
  project: string;
  dataDir: string;
  layers: { id: string; name: string; category: string; file: string }[];
  crs: { epsg: number; name: string; nameZh: string; suggested: boolean; reason?: { zh: string; en: string }; alternatives?: { epsg: number; name: string }[] };
  grid: { width: number; height: number; cellSize: number; cells: number };
  /**
   * What a run will cost (bytes): of the model's indicators, or — a draft without indicators
   * yet — of the grid with zoning and no indicator. `fits` is null when it fits this machine,
   * else why not (English).
   */
  estimate: Pick<RunEstimate, 'memoryBytes' | 'tempDiskBytes' | 'indicators'> & { fits: string | null };
  slots: { id: string; component: string; templates: string[]; name: { zh: string; en: string }; layer?: string; reason: { zh: string; en: string } }[];
  model: 'templates' | 'given';
}

/** A model document the user gives (`--model`): its layers are the imported ones by id, their paths the project's copies. */
async function givenModel(path: string, entries: LayerEntry[]): Promise<unknown> {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_JSON_INVALID';
    throw new RiskAtlasError(code, (err as Error).message, { file: path });
  }
  const layers = (json.layers ?? {}) as Record<string, Record<string, unknown>>;
  for (const [id, ref] of Object.entries(layers)) {
    const e = entries.find((x) => x.id === id);
    if (!e) throw new RiskAtlasError('E_MODEL_INVALID', `layers.${id}: no imported layer "${id}"; the imported layers are ${entries.map((x) => x.id).join(', ')}`, { file: path });
    if (ref && typeof ref === 'object') ref.path = e.file;
  }
  return json;
}

/**
 * Create the project in `dir` (created when missing; refused when it holds a project already)
 * and print what was made. On any error the half-made project is removed. Returns the exit code.
 */
export async function newCommand(a: NewArgs, lang: Lang): Promise<number> {
  const opts = parseNewOptions(a);
  const dir = resolve(a.dir);
  if (existsSync(dir) && (await readdir(dir)).some((f) => f.toLowerCase().endsWith(PROJECT_EXT))) {
    throw new RiskAtlasError('E_WRITE', 'the folder holds a RiskAtlas project already; choose an empty or new folder', { file: dir });
  }
  const name = a.name?.trim() || basename(dir);
  const projectPath = join(dir, fileStem(name) + PROJECT_EXT);
  const stateDir = await mkdtemp(join(tmpdir(), 'riskatlas-new-'));
  const session = new Session({ workspace: dir, stateDir });
  const ctx = session.context;
  try {
    await newProject(ctx, name, projectPath);
    const boundary = await importPath(ctx, a.boundary!);
    if (boundary.layer.category !== 'admin') await updateLayer(ctx, boundary.layer.id, { category: 'admin' });
    for (const f of a.layers ?? []) await importPath(ctx, f);
    const entries = ctx.open().entries;
    const layers = await Promise.all(entries.map(catalogueLayerOf));
    const study = layers.find((l) => l.id === boundary.layer.id)!;
    const studyCrs = study.meta.crs!;
    const box = lonLatBoxOf(studyCrs.proj4.replace(/\s*\+towgs84=\S+/, ''), isGeographic(studyCrs.epsg!), study.meta.extent) ?? undefined;
    let suggestion: CrsSuggestion | undefined;
    let epsg: number;
    if (opts.crs === 'auto') {
      if (!box) throw new RiskAtlasError('E_CRS_TRANSFORM', 'the boundary has no position in longitude and latitude to suggest a CRS from; give --crs EPSG:<code>', { file: a.boundary! });
      suggestion = suggestAnalysisCrs(box, studyCrs.epsg ?? undefined);
      epsg = suggestion.epsg;
    } else epsg = checkAnalysisCrs(opts.crs, box).epsg;
    const made = newModel({ name, ...(a.code !== undefined ? { code: a.code } : {}), studyArea: { layer: study.id }, epsg, cellSize: opts.cell, hazards: opts.hazards, layers });
    await updateModel(ctx, a.model ? await givenModel(a.model, entries) : made.doc);
    await save(ctx);
    const p = ctx.open();
    const doc = p.doc!;
    const grid = analysisGrid(doc.grid.epsg, p.extent!.extent, doc.grid.cellSize, doc.grid.snap);
    const est = doc.indicators.length ? estimateModelRun(doc, grid) : estimateRun(grid, 0);
    let fits: string | null = null;
    try {
      checkRunFits(est, await freeResources(), { file: p.file.path, cellSize: doc.grid.cellSize });
    } catch (err) {
      fits = (err as Error).message;
    }
    const report: NewReport = {
      project: p.file.path,
      dataDir: p.dataDir,
      layers: entries.map((e) => ({ id: e.id, name: e.name, category: e.category, file: e.file! })),
      crs: {
        epsg: doc.grid.epsg,
        name: crsDisplayName(doc.grid.epsg, 'en'),
        nameZh: crsDisplayName(doc.grid.epsg, 'zh'),
        suggested: suggestion !== undefined && !a.model,
        ...(suggestion && !a.model ? { reason: suggestion.reason, alternatives: suggestion.alternatives } : {}),
      },
      grid: { width: grid.width, height: grid.height, cellSize: grid.cellSize, cells: grid.width * grid.height },
      estimate: { memoryBytes: est.memoryBytes, tempDiskBytes: est.tempDiskBytes, indicators: est.indicators, fits },
      slots: a.model ? [] : made.slots.map(slotRow),
      model: a.model ? 'given' : 'templates',
    };
    process.stdout.write(a.json ? JSON.stringify(report, null, 2) + '\n' : describeNew(report, lang));
    return 0;
  } catch (err) {
    await session.close();
    await rm(projectPath, { force: true });
    await rm(`${projectPath}.autosave`, { force: true });
    await rm(dataDirOf(projectPath), { recursive: true, force: true });
    throw err;
  } finally {
    await session.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}

function slotRow(b: SlotBinding): NewReport['slots'][number] {
  return { id: b.slot.id, component: b.slot.component, templates: b.slot.templates, name: b.slot.name, ...(b.layer ? { layer: b.layer } : {}), reason: b.reason };
}

/** Bytes for people: MB below a gigabyte, else GB (decimal, as the run's refusal counts them). */
const size = (b: number): string => (b < 1e9 ? `${Math.ceil(b / 1e6)} MB` : `${(b / 1e9).toFixed(1)} GB`);

/** A line's heading, its values aligned in column 11 (a Chinese character takes two columns). */
const head = (label: string): string => `${label}:`.padEnd(10 - label.replace(/[^\u3000-\u9fff\uff00-\uffef]/g, '').length) + ' ';

/** The report for people, in `lang`. */
export function describeNew(r: NewReport, lang: Lang): string {
  const zh = lang === 'zh';
  const lines = [
    `${head(zh ? '项目' : 'project')}${r.project}`,
    `${head(zh ? '数据' : 'data')}${r.dataDir} (${r.layers.map((l) => `${l.id} ${l.category}`).join(', ')})`,
    `${head(zh ? '坐标系' : 'CRS')}EPSG:${r.crs.epsg} ${zh ? r.crs.nameZh : r.crs.name}${r.crs.reason ? ` — ${zh ? '建议' : 'suggested'}: ${r.crs.reason[lang]}` : r.model === 'given' ? (zh ? '（模型文档给定）' : ' (from the model document)') : zh ? '（指定）' : ' (as given)'}`,
  ];
  if (r.crs.alternatives?.length) lines.push(`${head(zh ? '其他可选' : 'also fit')}${r.crs.alternatives.map((c) => `EPSG:${c.epsg} ${c.name}`).join('; ')}`);
  const e = r.estimate;
  lines.push(
    `${head(zh ? '格网' : 'grid')}${r.grid.width} × ${r.grid.height} ${zh ? '个格网' : 'cells'} × ${r.grid.cellSize} m = ${r.grid.cells.toLocaleString('en')} ${zh ? '个格网' : 'cells'}`,
    zh
      ? `${head('计算估算')}内存约 ${size(e.memoryBytes)}${e.tempDiskBytes ? `，临时磁盘约 ${size(e.tempDiskBytes)}` : ''}（${e.indicators} 个指标${e.indicators ? '' : '，尚未添加指标'}）`
      : `${head('estimate')}about ${size(e.memoryBytes)} of memory${e.tempDiskBytes ? ` and ${size(e.tempDiskBytes)} of temporary disk` : ''} (${e.indicators} indicators${e.indicators ? '' : ', none added yet'})`,
  );
  if (e.fits) lines.push(`${zh ? '警告：本机资源不足以计算' : 'warning: does not fit this machine'}: ${e.fits}`);
  if (r.model === 'given') lines.push(zh ? '模型：使用给定的模型文档' : 'model: the model document given');
  else if (!r.slots.length) lines.push(zh ? '模型：仅研究区与格网（未选灾种），请在指标面板中添加指标' : 'model: study area and grid only (no hazards chosen): add indicators in the indicator builder');
  const bound = r.slots.filter((s) => s.layer);
  const open = r.slots.filter((s) => !s.layer);
  if (r.slots.length) lines.push(`${zh ? '已绑定' : 'bound'} (${bound.length}):`);
  for (const s of bound) lines.push(`  ${s.component} ${s.id} (${s.name[lang]}) ← ${s.layer}: ${s.reason[lang]}`);
  if (open.length) lines.push(`${zh ? '待办（未绑定）' : 'open, to do'} (${open.length}):`);
  for (const s of open) lines.push(`  ${s.component} ${s.id} (${s.name[lang]}): ${s.reason[lang]}`);
  return lines.join('\n') + '\n';
}
