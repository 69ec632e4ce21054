import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTileSource } from '../../../../src-main/engine/io/tileSource';
import { loadSqlJs } from '../../../../src-main/engine/io/sqlite';
import { encodePng } from '../../../../src-main/engine/export/png';
import { codeOf } from '../../../fixtures/errorCode';

const dir = mkdtempSync(join(tmpdir(), 'riskatlas-tiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 1×1 PNG of one grey level, so each tile is recognisable by its bytes. */
const tilePng = (v: number): Uint8Array => encodePng(1, 1, Uint8Array.from([v, v, v, 255]));

async function makeMbtiles(path: string, meta: Record<string, string>, tiles: [number, number, number, Uint8Array][]): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)');
  for (const [k, v] of Object.entries(meta)) db.run('INSERT INTO metadata VALUES (?, ?)', [k, v]);
  for (const [z, x, tmsY, data] of tiles) db.run('INSERT INTO tiles VALUES (?, ?, ?, ?)', [z, x, tmsY, data]);
  writeFileSync(path, db.export());
  db.close();
}

describe('offline basemap tiles', () => {
  it('reads MBTiles with the TMS row flipped to XYZ', async () => {
    const path = join(dir, 'county.mbtiles');
    // z = 2: XYZ y = 1 is TMS row 2² − 1 − 1 = 2.
    await makeMbtiles(path, { name: '示范县影像', format: 'png', bounds: '110.5,36.2,111.1,36.6' }, [
      [2, 3, 2, tilePng(10)],
      [5, 25, 19, tilePng(20)],
    ]);
    const src = await openTileSource(path);
    expect(src.info).toEqual({ kind: 'mbtiles', name: '示范县影像', format: 'png', minZoom: 2, maxZoom: 5, bounds: [110.5, 36.2, 111.1, 36.6] });
    expect(await src.tile(2, 3, 1)).toEqual(tilePng(10));
    expect(await src.tile(2, 3, 2)).toBeNull();
    expect(await src.tile(5, 25, 2 ** 5 - 1 - 19)).toEqual(tilePng(20));
    expect(await src.tile(2, 4, 1)).toBeNull(); // x outside the zoom level
    expect(await src.tile(-1, 0, 0)).toBeNull();
    src.close();
  });

  it('reads a folder of XYZ tiles and never leaves it', async () => {
    const root = join(dir, 'xyz');
    mkdirSync(join(root, '3', '6'), { recursive: true });
    mkdirSync(join(root, '4', '13'), { recursive: true });
    writeFileSync(join(root, '3', '6', '3.png'), tilePng(30));
    writeFileSync(join(root, '4', '13', '6.png'), tilePng(40));
    const src = await openTileSource(root);
    expect(src.info).toMatchObject({ kind: 'xyz', format: 'png', minZoom: 3, maxZoom: 4, bounds: null });
    expect(await src.tile(3, 6, 3)).toEqual(tilePng(30));
    expect(await src.tile(4, 13, 6)).toEqual(tilePng(40));
    expect(await src.tile(4, 13, 7)).toBeNull();
    expect(await src.tile(3, 6.5, 3)).toBeNull();
  });

  it('refuses vector tiles, non-MBTiles files and empty folders with coded errors', async () => {
    const pbf = join(dir, 'vector.mbtiles');
    await makeMbtiles(pbf, { format: 'pbf' }, [[0, 0, 0, Uint8Array.from([1])]]);
    expect(await codeOf(openTileSource(pbf))).toBe('E_FORMAT_UNKNOWN');
    const txt = join(dir, 'not.mbtiles');
    writeFileSync(txt, 'hello, not a database');
    expect(await codeOf(openTileSource(txt))).toBe('E_FORMAT_UNKNOWN');
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(await codeOf(openTileSource(empty))).toBe('E_FORMAT_UNKNOWN');
    expect(await codeOf(openTileSource(join(dir, 'missing.mbtiles')))).toBe('E_FILE_NOT_FOUND');
  });
});
