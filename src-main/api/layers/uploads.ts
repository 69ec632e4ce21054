/**
 * Chunked uploads for serve mode: a browser cannot hand the server a path, so it sends the
 * file's bytes as base64 chunks (each request under the server's 1 MiB body limit). The
 * bytes are appended to a file in the project's data folder (`.uploads/`), so once imported
 * they are project-owned like any other input.
 *
 * Chunks must arrive in order: a chunk's `offset` must equal the bytes received so far. A
 * chunk that was already received (a retry after a lost response) is accepted again without
 * writing, so clients can simply resend; anything else is E_UPLOAD.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RiskAtlasError } from '../../../src-shared/errors';
import type { UploadState } from './contract';

/** Uploads open at one time per session (an abandoned upload still holds its file). */
export const MAX_OPEN_UPLOADS = 16;

interface Upload extends UploadState {
  /** Where the bytes are being assembled. */
  file: string;
}

/** A finished upload, ready to be imported. */
export interface UploadedFile {
  uploadId: string;
  fileName: string;
  /** Absolute path of the assembled file. */
  path: string;
}

/** Decode base64 strictly: the length must be a multiple of 4 and decode to exactly the bytes it stands for. */
function decodeBase64(data: string): Buffer {
  if (data.length % 4 !== 0) throw new RiskAtlasError('E_UPLOAD', `a chunk's base64 length must be a multiple of 4 (got ${data.length})`);
  const pad = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length !== (data.length / 4) * 3 - pad) throw new RiskAtlasError('E_UPLOAD', 'the chunk is not valid base64');
  return bytes;
}

/** The uploads of one project, assembled under `dir`. */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly dir: string) {}

  /** Start an upload of `size` bytes named `fileName` (a bare name, checked by the contract). */
  async begin(fileName: string, size: number): Promise<UploadState> {
    if (this.uploads.size >= MAX_OPEN_UPLOADS) throw new RiskAtlasError('E_UPLOAD', `at most ${MAX_OPEN_UPLOADS} uploads may be open at once; finish or abort one first`);
    await mkdir(this.dir, { recursive: true });
    const uploadId = `up-${randomBytes(6).toString('hex')}`;
    const file = join(this.dir, uploadId);
    await writeFile(file, new Uint8Array(0));
    const u: Upload = { uploadId, fileName, size, received: 0, file };
    this.uploads.set(uploadId, u);
    return this.state(u);
  }

  /**
   * Append one chunk at `offset`. Errors (E_UPLOAD): unknown upload, a gap or overlap, more
   * bytes than declared, malformed base64.
   */
  async chunk(uploadId: string, offset: number, data: string): Promise<UploadState> {
    const u = this.get(uploadId);
    const bytes = decodeBase64(data);
    if (offset + bytes.length <= u.received) return this.state(u); // a resent chunk, already written
    if (offset !== u.received) throw new RiskAtlasError('E_UPLOAD', `chunk at byte ${offset}, but ${u.received} bytes were received: send the chunk at ${u.received}`, { file: u.fileName });
    if (u.received + bytes.length > u.size) throw new RiskAtlasError('E_UPLOAD', `the chunk goes past the declared size of ${u.size} bytes`, { file: u.fileName });
    await appendFile(u.file, bytes);
    u.received += bytes.length;
    return this.state(u);
  }

  /** Drop an upload and its bytes; false when there was none. */
  async abort(uploadId: string): Promise<boolean> {
    const u = this.uploads.get(uploadId);
    if (!u) return false;
    this.uploads.delete(uploadId);
    await rm(u.file, { force: true });
    return true;
  }

  /** The finished uploads `ids` (E_UPLOAD if one is unknown or incomplete), in the order given. */
  finished(ids: string[]): UploadedFile[] {
    if (new Set(ids).size !== ids.length) throw new RiskAtlasError('E_UPLOAD', 'an upload is listed twice');
    return ids.map((id) => {
      const u = this.get(id);
      if (u.received !== u.size) throw new RiskAtlasError('E_UPLOAD', `only ${u.received} of ${u.size} bytes were received`, { file: u.fileName });
      return { uploadId: id, fileName: u.fileName, path: u.file };
    });
  }

  /** Forget uploads after their files were imported (their bytes were copied into the project). */
  async release(ids: string[]): Promise<void> {
    for (const id of ids) await this.abort(id);
  }

  /** Drop every upload (the project closes). */
  async clear(): Promise<void> {
    await this.release([...this.uploads.keys()]);
  }

  private get(uploadId: string): Upload {
    const u = this.uploads.get(uploadId);
    if (!u) throw new RiskAtlasError('E_UPLOAD', `no upload "${uploadId}" (it was finished, aborted, or the project was closed)`);
    return u;
  }

  private state(u: Upload): UploadState {
    return { uploadId: u.uploadId, fileName: u.fileName, size: u.size, received: u.received };
  }
}
