import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { RiskAtlasError } from '../errors';
import { parseModel, type ModelDocument } from './document';

/** A model document with the folder its relative paths resolve against. */
export interface LoadedModel {
  path: string;
  dir: string;
  doc: ModelDocument;
}

/**
 * Read and validate a model document (UTF-8 JSON). Errors: E_FILE_NOT_FOUND, E_FILE_EMPTY,
 * E_JSON_INVALID, E_MODEL_INVALID — each naming the file.
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  const abs = resolve(path);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'E_FILE_NOT_FOUND' : 'E_FILE_READ';
    throw new RiskAtlasError(code, (err as Error).message, { file: path, cause: err });
  }
  if (text.length === 0) throw new RiskAtlasError('E_FILE_EMPTY', 'the model file is empty', { file: path });
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new RiskAtlasError('E_JSON_INVALID', (err as Error).message, { file: path });
  }
  return { path: abs, dir: dirname(abs), doc: parseModel(json, path) };
}

/** Absolute path of a model-relative path (the schema already refused absolute paths and `..`). */
export function resolveModelPath(model: LoadedModel, rel: string): string {
  return resolve(model.dir, rel);
}
