import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { RiskAtlasError } from '../errors';
import { fileSize } from '../io/fileAccess';
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
  await fileSize(path);
  const text = await readFile(abs, 'utf8');
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
