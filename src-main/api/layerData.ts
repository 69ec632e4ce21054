/**
 * Layer data for the map, as a web `Response`, so the Electron protocol handler and the
 * loopback server share one code path. Rasters: the GeoTIFF bytes, streamed from the file,
 * with HTTP Range support (geotiff.js reads only the tiles it needs). Vectors: GeoJSON in the project's
 * analysis CRS.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { readVectorInGrid } from '../engine/indicators/rawIndicator';
import { toErrorInfo } from '../../src-shared/errors';
import type { Session } from './session';

/**
 * GeoJSON text per data source, as a promise: fifty clients asking for a layer at once share
 * one read and one serialisation instead of each making their own.
 */
const vectorCache = new WeakMap<object, Promise<string>>();

function parseRange(header: string | null, size: number): [number, number] | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? 'invalid' : [start, end];
}

/** The data of layer `id`, honouring a `Range` header for rasters. 404 for unknown ids. */
export async function layerResponse(session: Session, id: string, range: string | null): Promise<Response> {
  const src = session.dataSource(id);
  if (!src) return new Response('unknown layer', { status: 404 });
  try {
    if (src.entry.meta.kind === 'vector') {
      let pending = vectorCache.get(src);
      if (pending === undefined) {
        const ref = src.layerRef ?? { path: src.path, name: src.entry.name, category: src.entry.category };
        pending = readVectorInGrid(src.path, ref, session.analysisEpsg()).then((layer) => JSON.stringify(layer.features));
        vectorCache.set(src, pending);
        // A failed read is not cached: the next request tries again.
        pending.catch(() => vectorCache.delete(src));
      }
      const body = await pending;
      return new Response(body, { headers: { 'content-type': 'application/geo+json; charset=utf-8', 'cache-control': 'no-store' } });
    }
    const size = (await stat(src.path)).size;
    const r = parseRange(range, size);
    if (r === 'invalid') return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
    const [start, end] = r ?? [0, size - 1];
    const headers: Record<string, string> = {
      'content-type': 'image/tiff',
      'accept-ranges': 'bytes',
      'content-length': String(end - start + 1),
      'cache-control': 'no-store',
    };
    if (r) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    // Streamed from the file: many clients reading a large raster cost read buffers, not copies of it.
    const body = Readable.toWeb(createReadStream(src.path, { start, end })) as ReadableStream<Uint8Array>;
    return new Response(body, { status: r ? 206 : 200, headers });
  } catch (err) {
    return Response.json({ ok: false, error: toErrorInfo(err) }, { status: 500 });
  }
}
