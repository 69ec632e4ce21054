/**
 * A person's message for an error code: the engine's own table (`src-shared/messages.ts`, which
 * says what is wrong and what to do), filled with the error's particulars (`params`: the layer,
 * the field, the CRS…), so the UI and the CLI never disagree. Codes the engine does not know
 * (a transport failure) read as an internal error.
 */
import { ERROR_CODES, type ErrorCode } from '../../../src-shared/errors';
import { messageFor, type Lang } from '../../../src-shared/messages';

const KNOWN = new Set<string>(ERROR_CODES);

export function errorMessage(code: string, lang: Lang, params?: Readonly<Record<string, string | number>>): string {
  return messageFor(KNOWN.has(code) ? (code as ErrorCode) : 'E_INTERNAL', lang, params);
}
