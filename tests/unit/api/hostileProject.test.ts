/**
 * A project file someone else made is untrusted input (issue 16, V1 and V2, as they were
 * found): a catalogue path of `../../../../etc/passwd` served /etc/passwd at /data/<id> under
 * `riskatlas serve --review`; a run id of `../` made review list and serve another folder's
 * files, and `riskatlas export` copy it. Here the same hostile projects are opened as the
 * reviewer, the editor and the command line would, and nothing outside the project is read:
 * the entries are listed as rejected, never followed, and the project is read-only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { harness } from './apiHarness';
import { codeOf } from '../../fixtures/errorCode';
import { useTempDir } from '../../fixtures/tempDir';
import { loadSqlJs } from '../../../src-main/engine/io/sqlite';
import { Session } from '../../../src-main/api/session';
import { createHandlers } from '../../../src-main/api/handlers';
import { startServer, type RunningServer } from '../../../src-main/api/server';
import { layerResponse } from '../../../src-main/api/layerData';
import { exportCommand } from '../../../src-main/cli/export';
import type { ProjectInfo } from '../../../src-main/api/contract';

const demo = join(import.meta.dirname, '..', '..', '..', 'resources', 'sample', 'county');
const tmp = useTempDir('ra-hostile-');
const TOKEN = 'hostile-project-test-token-0123';
const SECRET = 'TOP-SECRET-OUTSIDE-THE-PROJECT';

/** Rows to add to a project file's tables (SQL with parameters). */
async function tamper(projectPath: string, statements: [string, (string | number | null)[]][]): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(projectPath));
  for (const [sql, params] of statements) db.run(sql, params);
  writeFileSync(projectPath, db.export());
  db.close();
}

/** A sound project made through the API (a raster and a vector layer), closed; returns its path and its raster record's meta. */
async function soundProject(dir: string): Promise<{ path: string; rasterMeta: string }> {
  const h = harness();
  const path = join(dir, 'victim', 'county.riskatlas');
  mkdirSync(join(dir, 'victim'), { recursive: true });
  await h.call('project.new', { name: 'county', path });
  await h.call('layer.import', { path: join(demo, 'pga.tif') });
  await h.call('layer.import', { path: join(demo, 'schools.geojson') });
  await h.call('project.save');
  await h.session.close();
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(path));
  const rasterMeta = String(db.exec("SELECT meta_json FROM layers WHERE id = 'pga'")[0]!.values[0]![0]);
  db.close();
  return { path, rasterMeta };
}

/** A folder outside the project that looks like a run: provenance, GeoTIFFs, and a secret table and map. */
function outsideRun(dir: string): string {
  const out = join(dir, 'outside');
  mkdirSync(out, { recursive: true });
  copyFileSync(join(demo, 'pga.tif'), join(out, 'risk_index.tif'));
  copyFileSync(join(demo, 'pga.tif'), join(out, 'risk_grade.tif'));
  writeFileSync(join(out, 'secret.csv'), `${SECRET}\n`);
  writeFileSync(join(out, 'provenance.json'), JSON.stringify({ note: SECRET }));
  return out;
}

/** A run record as the app stores it, its files in folder `/x` where it ran. */
const runSummary = JSON.stringify({
  runId: 'r',
  outDir: '/x',
  files: { index: '/x/risk_index.tif', grade: '/x/risk_grade.tif', stats: '/x/risk_stats.csv' },
  classification: { method: 'jenks', breaks: [0, 0.5, 1], classes: [{ grade: 1, color: '#E60000' }, { grade: 2, color: '#38A800' }] },
  weights: {},
  layers: [],
  elapsedMs: 1,
});

/** Every string in a JSON value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]);
  return [];
}

function get(srv: RunningServer, path: string, method = 'GET', body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, path, method, headers: { host: `127.0.0.1:${srv.port}`, 'x-riskatlas-token': TOKEN } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('a hostile project file (V1: catalogue paths; V2: run ids)', () => {
  let project: string;
  let root: string;
  beforeAll(async () => {
    root = tmp();
    writeFileSync(join(root, 'secret.txt'), SECRET);
    outsideRun(root);
    const made = await soundProject(root);
    project = made.path;
    const data = join(root, 'victim', 'county.data');
    // A layer file replaced by a link to the secret.
    mkdirSync(join(data, 'layers', 'linked'), { recursive: true });
    symlinkSync(join(root, 'secret.txt'), join(data, 'layers', 'linked', 'pga.tif'));
    const layer = (id: string, path: string): [string, (string | number | null)[]] => [
      'INSERT INTO layers (id, name, category, path, sha256, meta_json) VALUES (?, ?, ?, ?, ?, ?)',
      [id, id, 'basemap', path, 'x', made.rasterMeta],
    ];
    await tamper(project, [
      layer('passwd', '../../../../../../../../../../../../etc/passwd'),
      layer('secret', '../../secret.txt'),
      layer('linked', 'layers/linked/pga.tif'),
      layer('absolute', join(root, 'secret.txt')),
      ['INSERT INTO runs (id, started, finished, model_json, summary_json) VALUES (?, ?, ?, ?, ?)', ['../../../outside', '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z', '{}', runSummary]],
    ]);
  }, 120_000);

  it('riskatlas serve --review: no data route, review item or answer reads outside the project; the entries are listed as rejected', async () => {
    const session = new Session({ workspace: join(root, 'ws') });
    await session.openReview(project);
    const ui = join(root, 'ui');
    mkdirSync(ui, { recursive: true });
    writeFileSync(join(ui, 'index.html'), '<!doctype html>');
    const srv = await startServer({ session, handlers: createHandlers(session, () => false), staticDir: ui, token: TOKEN });
    try {
      for (const id of ['passwd', 'secret', 'linked', 'absolute']) {
        const r = await get(srv, `/data/${id}`);
        expect(r.status, id).toBe(404);
        expect(r.text).not.toContain(SECRET);
        expect(r.text).not.toMatch(/root:/);
        // The desktop app's riskatlas://data/ answers from the same function.
        expect((await layerResponse(session, id, null)).status, id).toBe(404);
      }
      const answers: unknown[] = [];
      const api = async (method: string, args: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> => {
        const r = JSON.parse((await get(srv, `/api/${method}`, 'POST', args)).text) as { ok: boolean; value?: unknown; error?: { code: string } };
        answers.push(r);
        return r;
      };
      const view = (await api('review.view')).value as { items: { id: string }[] };
      expect(view.items).toEqual([]); // the folder the run id pointed at is not listed
      const item = await api('review.item', { id: 'secret.csv' });
      expect(item.ok).toBe(false);
      const info = (await api('project.info')).value as ProjectInfo;
      expect(info.readOnly).toBe(true);
      expect(info.rejected.map((r) => [r.kind, r.id, r.reason]).sort()).toEqual(
        [
          ['layer', 'absolute', 'is absolute'],
          ['layer', 'linked', 'leads outside its folder through a symbolic link'],
          ['layer', 'passwd', 'leaves its folder (..)'],
          ['layer', 'secret', 'leaves its folder (..)'],
          ['run', '../../../outside', 'is not a run id'],
        ].sort(),
      );
      const draft = (await api('project.draft')).value as { layers: { id: string }[] };
      expect(draft.layers.map((l) => l.id).sort()).toEqual(['pga', 'schools']);
      await api('project.current');
      await api('layer.remove', { id: 'passwd' });
      // No answer names a place on this machine by its absolute path, nor holds the secret.
      for (const s of strings(answers)) {
        expect(s.startsWith('/') && s !== '/x', s).toBe(false);
        expect(s).not.toContain(root);
        expect(s).not.toContain(SECRET);
      }
    } finally {
      await srv.close();
      await session.close();
    }
  });

  it('opened for editing: read-only (E_PROJECT_UNSAFE) with the entries listed, nothing followed', async () => {
    const h = harness();
    const v = await h.call('project.open', { path: project });
    expect(v.layers.map((l) => l.id).sort()).toEqual(['pga', 'schools']);
    const info = (await h.call('project.info'))!;
    expect(info).toMatchObject({ readOnly: true, readOnlyReason: 'unsafe' });
    expect(info.rejected).toHaveLength(5);
    expect(await codeOf(h.call('layer.remove', { id: 'schools' }))).toBe('E_PROJECT_UNSAFE');
    expect(await codeOf(h.call('job.startRun'))).toBe('E_PROJECT_UNSAFE');
    await h.session.close();
  });

  it('riskatlas export of the project refuses its run and copies nothing of the folder it named', async () => {
    const out = join(root, 'package');
    const err = await exportCommand({ model: project, out }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_ARG_INVALID' });
    expect((err as Error).message).toMatch(/is not a run id/);
    expect(existsSync(join(out, 'secret.csv'))).toBe(false);
  });
});

describe('a run folder that is a symbolic link out of the project', () => {
  it('is refused (leads outside its folder), its files neither listed nor exported', async () => {
    const root = join(tmp(), 'linked-run');
    mkdirSync(root, { recursive: true });
    const outside = outsideRun(root);
    const { path } = await soundProject(root);
    const runs = join(root, 'victim', 'county.data', 'runs');
    mkdirSync(runs, { recursive: true });
    symlinkSync(outside, join(runs, 'run-0123456789ab'));
    await tamper(path, [['INSERT INTO runs (id, started, finished, model_json, summary_json) VALUES (?, ?, ?, ?, ?)', ['run-0123456789ab', 's', 'f', '{}', runSummary]]]);
    const h = harness();
    await h.call('review.open', { path });
    expect((await h.call('review.view')).items).toEqual([]);
    expect((await h.call('project.info'))!.rejected).toEqual([{ kind: 'run', id: 'run-0123456789ab', path: 'runs/run-0123456789ab', reason: 'leads outside its folder through a symbolic link' }]);
    await h.session.close();
    const out = join(root, 'package');
    await expect(exportCommand({ model: path, out })).rejects.toMatchObject({ code: 'E_ARG_INVALID' });
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });
});
