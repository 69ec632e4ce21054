/**
 * `riskatlas` — the command line: demo | serve | inspect | run | export | qc | rollup | queue |
 * worker | --version | --help.
 * Exit codes: 0 success; 1 bad input (one line on stderr naming the file and the
 * problem, no stack trace); 2 usage error.
 */
import { parseArgs } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { RiskAtlasError, toErrorInfo, type ErrorInfo } from '../../src-shared/errors';
import { formatError, langFromEnv } from '../../src-shared/messages';
import type { RunProgress, RunSummary } from '../engine/pipeline/run';
import type { EncodingEvidence, LayerMeta } from '../../src-shared/layer';
import { codecFor, encodingFromCpg } from '../engine/io/dbfEncoding';
import { appRoot, appVersion, demoModelPath, logDir, rendererDir } from '../appPaths';
import { openAppLog } from '../logging/rotatingLog';
import { HELP } from './help';
// A command loads what it needs when it runs (`await import`): `--version`, `--help` and a
// usage error load no engine, API or npm package at all, and `inspect` only the readers
// (tests/integration/npmPackage.test.ts). New commands should do the same.

class UsageError extends Error {}

const lang = langFromEnv(process.env);

function fail(err: ErrorInfo): number {
  process.stderr.write(`riskatlas: ${formatError(err, lang)}\n`);
  return 1;
}

function parseCrs(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(?:EPSG:)?(\d{4,6})$/i.exec(v.trim());
  if (!m) throw new UsageError(`--crs expects EPSG:<code>, got "${v}"`);
  return Number(m[1]);
}

function parseEncoding(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!codecFor(v) && !encodingFromCpg(v)) throw new UsageError(`--encoding expects a text encoding such as gbk, utf-8, windows-1252 or cp437, got "${v}"`);
  return v;
}

/** What a shapefile's encoding rests on, for people. */
const EVIDENCE: Record<EncodingEvidence, string> = {
  cpg: 'from the .cpg file',
  ldid: 'from the language-driver byte of the .dbf',
  content: 'from the text itself (no .cpg, no language-driver byte)',
  stated: 'as stated (--encoding)',
  undecided: 'UNDECIDED: no .cpg, no language-driver byte, text neither UTF-8 nor GBK; state it with --encoding',
};

function describe(meta: LayerMeta, { describeCrs, describeShift }: typeof import('../engine/crs/layerCrs')): string {
  const lines = [`${meta.path}`, `  format:   ${meta.format}`, `  CRS:      ${describeCrs(meta.crs)}`];
  const cands = meta.crs?.identification?.candidates;
  if (meta.crs?.epsg === null) lines.push(`  state it: --crs EPSG:<code>${cands?.length ? `, e.g. ${cands.map((c) => `EPSG:${c.epsg} (${c.name})`).join(', ')}` : ''}`);
  if (meta.crs?.epsg) lines.push(`  datum:    ${describeShift(meta.crs)}`);
  if (meta.kind === 'raster') {
    lines.push(
      `  size:     ${meta.width} × ${meta.height}, ${meta.bands} band(s), ${meta.dtype}`,
      `  nodata:   ${meta.nodata ?? '(none)'}`,
      `  extent:   ${meta.extent.map((v) => +v.toFixed(6)).join(', ')}`,
      `  pixel:    ${Math.abs(meta.geoTransform[1])} × ${Math.abs(meta.geoTransform[5])}${meta.pixelIsPoint ? ' (pixel-is-point)' : ''}`,
      `  layout:   ${meta.tiled ? 'tiled' : 'stripped'}, ${meta.compression}, ${meta.overviews} overview(s)`,
    );
  } else {
    lines.push(
      `  features: ${meta.featureCount} (${meta.geometryType})`,
      `  extent:   ${meta.extent ? meta.extent.map((v) => +v.toFixed(6)).join(', ') : '(empty)'}`,
      `  fields:   ${meta.fields.map((f) => `${f.name}:${f.type}`).join(', ') || '(none)'}`,
    );
    if (meta.encoding) lines.push(`  encoding: ${meta.encoding}${meta.encodingEvidence ? ` (${EVIDENCE[meta.encodingEvidence]})` : ''}`);
  }
  for (const w of meta.warnings ?? []) lines.push(`  warning:  ${w}`);
  return lines.join('\n');
}

/** A one-line progress bar on stderr when it is a terminal; silent otherwise. */
function progressPrinter(): (p: RunProgress) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (p) => {
    const width = 30;
    const done = Math.round(p.progress * width);
    process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${Math.round(p.progress * 100)}% ${p.step.padEnd(10)}`);
    if (p.progress >= 1) process.stderr.write('\n');
  };
}

function printSummary(s: RunSummary): void {
  for (const [comp, d] of Object.entries(s.weightDetails)) {
    if (d?.ahp && !d.ahp.consistent) process.stderr.write(`riskatlas: warning: components.${comp}: AHP consistency ratio CR = ${d.ahp.cr.toFixed(3)} ≥ 0.10 — revise the pairwise judgements\n`);
  }
  const weightLines = Object.entries(s.weightDetails).map(
    ([comp, d]) => `  ${comp} (${d!.method}${d!.ahp ? `, CR ${d!.ahp.cr.toFixed(3)}` : ''}): ${Object.entries(d!.weights).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`,
  );
  const out = [
    'weights:',
    ...weightLines,
    `${s.model.name}: ${s.grid.width} × ${s.grid.height} cells of ${s.grid.cellSize} m (EPSG:${s.grid.epsg}) in ${(s.elapsedMs / 1000).toFixed(1)} s`,
    `breaks (${s.classification.method}): ${s.classification.breaks.map((b) => b.toFixed(4)).join(', ')}`,
    ...s.classification.classes.map((c) => `  ${c.grade} ${c.name}\t${c.areaKm2.toFixed(2)} km²\t${c.sharePct.toFixed(1)} %`),
    'written:',
    ...Object.values(s.files).map((f) => `  ${f}`),
  ];
  process.stdout.write(out.join('\n') + '\n');
}

async function runCommand(modelPath: string, outDir: string, allowLargeGrid = false): Promise<number> {
  const { runModelInWorker } = await import('../engine/pipeline/workers/runInWorker');
  const handle = runModelInWorker({ modelPath: resolve(modelPath), outDir: resolve(outDir), ...(allowLargeGrid ? { allowLargeGrid } : {}) }, progressPrinter());
  const onSigint = (): void => handle.cancel();
  process.once('SIGINT', onSigint);
  try {
    printSummary(await handle.done);
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Make sure the renderer is built (a fresh clone has no `out/`); builds it once if not. */
function ensureRenderer(): string {
  const dir = rendererDir();
  if (existsSync(join(dir, 'index.html'))) return dir;
  process.stderr.write('riskatlas: building the user interface (first start)…\n');
  const r = spawnSync(process.execPath, [join(appRoot(), 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: appRoot(), stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 || !existsSync(join(dir, 'index.html'))) throw new RiskAtlasError('E_INTERNAL', 'the UI could not be built (npm run build)');
  return dir;
}

async function serveCommand(port: number, open: { demo: boolean; model?: string | undefined; review?: string | undefined; workspace?: string | undefined }, log: string): Promise<number> {
  const { demo, model, review, workspace } = open;
  const [{ Session }, { createHandlers }, { reviewClientHandlers }, { startServer }, { removeOrphanedTempFolders }, { defaultWorkspace }] = await Promise.all([
    import('../api/session'),
    import('../api/handlers'),
    import('../api/reviewClient'),
    import('../api/server'),
    import('../engine/export/leftovers'),
    import('./documentsDir'),
  ]);
  // Temporary folders of RiskAtlas processes that were killed (kept tiles can be gigabytes).
  await removeOrphanedTempFolders();
  const folder = resolve(workspace ?? process.env.RISKATLAS_WORKSPACE ?? defaultWorkspace());
  const session = new Session({ app: 'serve', workspace: folder });
  // Open what is to be reviewed or the model first, so a wrong path fails before anything is served.
  if (review !== undefined) await session.openReview(resolve(review));
  if (demo || model !== undefined) await session.openModel(model !== undefined ? resolve(model) : demoModelPath());
  const staticDir = ensureRenderer();
  // Serve mode reads only the project's own files: no arbitrary user paths over HTTP. A
  // reviewer's browser gets the reviewer's methods only.
  const handlers = createHandlers(session, () => false);
  const srv = await startServer({ session, handlers: review !== undefined ? reviewClientHandlers(handlers) : handlers, staticDir, port });
  process.stdout.write(`RiskAtlas serving on ${srv.url}\nworkspace: ${folder}\n`);
  // The URL carries the access token: the log gets the port only.
  const appLog = openAppLog(resolve(log));
  appLog.info('riskatlas serve started', { version: appVersion(), port: new URL(srv.url).port, demo, review: review !== undefined });
  await new Promise<void>((resolveStop) => {
    const stop = (): void => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await srv.close();
  appLog.info('riskatlas serve stopped');
  return 0;
}

/** Run the CLI with `argv` (without node and script). Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        json: { type: 'boolean' },
        out: { type: 'string', short: 'o' },
        crs: { type: 'string' },
        encoding: { type: 'string' },
        port: { type: 'string' },
        demo: { type: 'boolean' },
        review: { type: 'string' },
        model: { type: 'string' },
        log: { type: 'string' },
        workspace: { type: 'string' },
        year: { type: 'string' },
        maps: { type: 'string' },
        paper: { type: 'string' },
        orientation: { type: 'string' },
        dpi: { type: 'string' },
        layout: { type: 'string' },
        atlas: { type: 'boolean' },
        level: { type: 'string' },
        grades: { type: 'string' },
        'cell-size': { type: 'string' },
        name: { type: 'string' },
        regions: { type: 'string' },
        redis: { type: 'string' },
        queue: { type: 'string' },
        rollup: { type: 'string' },
        status: { type: 'boolean' },
        wait: { type: 'boolean' },
        concurrency: { type: 'string' },
        'lock-seconds': { type: 'string' },
        boundary: { type: 'string' },
        code: { type: 'string' },
        cell: { type: 'string' },
        hazards: { type: 'string' },
        layers: { type: 'string', multiple: true },
        'allow-large-grid': { type: 'boolean' },
      },
    });
  } catch (err) {
    process.stderr.write(`riskatlas: ${(err as Error).message}\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [cmd, ...rest] = positionals;
  try {
    if (values.version) {
      process.stdout.write(`riskatlas ${appVersion()}\n`);
      return 0;
    }
    if (values.help || cmd === undefined || cmd === 'help') {
      process.stdout.write(HELP + '\n');
      return cmd === undefined && !values.help ? 2 : 0;
    }
    switch (cmd) {
      case 'inspect': {
        if (rest.length !== 1) throw new UsageError('inspect needs exactly one file');
        const stated = { crs: parseCrs(values.crs), encoding: parseEncoding(values.encoding) };
        const [{ inspect }, { recogniseLayer }, crsText] = await Promise.all([import('../engine/io/inspect'), import('../engine/catalog/recognise'), import('../engine/crs/layerCrs')]);
        const res = await inspect(rest[0]!, stated);
        if (!res.ok) return fail({ ...res.error, file: res.error.file ?? rest[0]! });
        const catalog = recogniseLayer(rest[0]!, res.value);
        process.stdout.write(
          values.json
            ? JSON.stringify({ ...res.value, catalog }, null, 2) + '\n'
            : describe(res.value, crsText) + (catalog ? `\n  catalog:  ${catalog.name} (${catalog.category}${catalog.hazard ? `, ${catalog.hazard}` : ''}) — by ${catalog.because}` : '') + '\n',
        );
        return 0;
      }
      case 'run': {
        if (rest.length !== 1) throw new UsageError('run needs exactly one model document');
        const { projectOf, withProjectModel } = await import('./projectArg');
        const project = await projectOf(rest[0]!);
        if (project) {
          if (!values.out) throw new UsageError('run needs --out <dir>');
          const out = values.out;
          return await withProjectModel(project, async (modelFile) => runCommand(await modelFile(), out, values['allow-large-grid'] ?? false));
        }
        if (existsSync(rest[0]!) && statSync(rest[0]!).isDirectory()) {
          const { batchReport, runBatch, stderrProgress } = await import('./batch');
          const rows = await runBatch(rest[0]!, values.out ?? join(rest[0]!, 'riskatlas_out'), stderrProgress());
          process.stdout.write(batchReport(rows, lang));
          return rows.length === 0 ? fail({ code: 'E_FILE_NOT_FOUND', message: 'no model document (*.json with "riskatlas": "model") in the folder', file: rest[0]! }) : rows.every((r) => r.ok) ? 0 : 1;
        }
        if (!values.out) throw new UsageError('run needs --out <dir>');
        return await runCommand(rest[0]!, values.out, values['allow-large-grid'] ?? false);
      }
      case 'demo': {
        if (rest.length) throw new UsageError('demo takes no arguments');
        if (!values.out) throw new UsageError('demo needs --out <dir>');
        const code = await runCommand(demoModelPath(), values.out);
        if (code === 0) await (await import('./export')).writeDemoSheets(values.out);
        return code;
      }
      case 'qc': {
        if (rest.length !== 1) throw new UsageError('qc needs exactly one model document, folder or layer file');
        const year = values.year === undefined ? undefined : Number(values.year);
        if (year !== undefined && !(Number.isInteger(year) && year > 1900 && year < 2200)) throw new UsageError(`--year expects a year, got "${values.year}"`);
        const stated = { crs: parseCrs(values.crs), encoding: parseEncoding(values.encoding) };
        const { qcCommand } = await import('./qc');
        return await qcCommand(rest[0]!, values.out, { ...(year === undefined ? {} : { surveyYear: year }), lang, ...stated });
      }
      case 'serve': {
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects 0–65535, got "${values.port}"`);
        if ([values.review !== undefined, values.demo, values.model !== undefined].filter(Boolean).length > 1) throw new UsageError('serve takes one of --demo, --model and --review');
        if (values.workspace !== undefined && values.workspace.trim() === '') throw new UsageError('--workspace expects a folder');
        return await serveCommand(port, { demo: values.demo ?? false, model: values.model, review: values.review, workspace: values.workspace }, values.log ?? logDir());
      }
      case 'new': {
        // `--layers a.tif b.shp`: the files after the first one come as positionals after the folder.
        if (rest.length === 0 || (rest.length > 1 && !values.layers)) throw new UsageError('new needs exactly one folder for the project (first), then --boundary and options');
        const layers = [...(values.layers ?? []), ...rest.slice(1)];
        const { newCommand, NewUsageError } = await import('./newProject');
        try {
          return await newCommand({ dir: rest[0]!, boundary: values.boundary, name: values.name, code: values.code, crs: values.crs, cell: values.cell, hazards: values.hazards, layers, model: values.model, json: values.json }, lang);
        } catch (err) {
          if (err instanceof NewUsageError) throw new UsageError(err.message);
          throw err;
        }
      }
      case 'export': {
        if (rest.length !== 1) throw new UsageError('export needs exactly one model document or project file');
        if (!values.out) throw new UsageError('export needs --out <dir>');
        const { exportCommand, ExportUsageError } = await import('./export');
        try {
          return await exportCommand({ model: rest[0]!, out: values.out, maps: values.maps, paper: values.paper, orientation: values.orientation, dpi: values.dpi, layout: values.layout, atlas: values.atlas });
        } catch (err) {
          if (err instanceof ExportUsageError) throw new UsageError(err.message);
          throw err;
        }
      }
      case 'rollup': {
        if (rest.length !== 1) throw new UsageError('rollup needs exactly one folder of county results');
        if (!values.out) throw new UsageError('rollup needs --out <dir>');
        const epsg = parseCrs(values.crs);
        const { rollupCommand, RollupUsageError } = await import('./rollup');
        try {
          return await rollupCommand({ folder: rest[0]!, out: values.out, level: values.level, grades: values.grades, cellSize: values['cell-size'], name: values.name, regions: values.regions, dpi: values.dpi, epsg, lang });
        } catch (err) {
          if (err instanceof RollupUsageError) throw new UsageError(err.message);
          throw err;
        }
      }
      case 'queue': {
        if (!values.redis) throw new UsageError('queue needs --redis <url> (e.g. redis://127.0.0.1:6379)');
        if (rest.length > 1 || (!values.status && rest.length !== 1)) throw new UsageError('queue needs exactly one folder (or --status)');
        const epsg = parseCrs(values.crs);
        const [{ parseRollupOptions }, { queueCommand }] = await Promise.all([import('./rollup'), import('./queue')]);
        let o: ReturnType<typeof parseRollupOptions>;
        try {
          o = parseRollupOptions({ level: values.rollup, grades: values.grades, cellSize: values['cell-size'], dpi: values.dpi }, ['province', 'city', 'none']);
        } catch (err) {
          throw new UsageError(`--rollup ${(err as Error).message}`);
        }
        return await queueCommand({
          redis: values.redis,
          folder: rest[0],
          queue: values.queue,
          out: values.out,
          rollup: o.level as 'province' | 'city' | 'none' | undefined,
          grades: o.grades,
          cellSize: o.cellSize,
          dpi: o.dpi,
          epsg,
          name: values.name,
          status: values.status ?? false,
          wait: values.wait ?? false,
          lang,
        });
      }
      case 'worker': {
        if (rest.length) throw new UsageError('worker takes no arguments');
        if (!values.redis) throw new UsageError('worker needs --redis <url> (e.g. redis://127.0.0.1:6379)');
        const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`--concurrency expects 1–64, got "${values.concurrency}"`);
        const lockSeconds = values['lock-seconds'] === undefined ? 30 : Number(values['lock-seconds']);
        if (!(lockSeconds >= 1 && lockSeconds <= 3600)) throw new UsageError(`--lock-seconds expects 1–3600, got "${values['lock-seconds']}"`);
        const { workerCommand } = await import('./worker');
        return await workerCommand({ redis: values.redis, queue: values.queue, concurrency, lockSeconds, lang });
      }
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`riskatlas: ${err.message}\n(riskatlas --help for usage)\n`);
      return 2;
    }
    return fail(toErrorInfo(err));
  }
}
