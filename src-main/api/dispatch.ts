/**
 * The single entry both transports call: checks the method exists, validates the
 * arguments against the contract's schema, runs the handler, and turns every failure
 * into `{ ok: false, error }` with a code. Handlers never see unvalidated input.
 */
import { toErrorInfo } from '../../src-shared/errors';
import { apiArgs, type ApiArgs, type ApiMethod, type ApiResponse, type ApiResult } from './contract';
import { issueMessage } from '../engine/model/document';

/** One implementation per method of the contract. */
export type ApiHandlers = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<M>> };

const isMethod = (m: string): m is ApiMethod => Object.prototype.hasOwnProperty.call(apiArgs, m);

/** Validate and run one call. Never throws. */
export async function dispatch(handlers: ApiHandlers, method: string, rawArgs: unknown): Promise<ApiResponse<ApiMethod>> {
  if (!isMethod(method)) return { ok: false, error: { code: 'E_METHOD_UNKNOWN', message: `unknown method "${String(method).slice(0, 64)}"` } };
  const parsed = apiArgs[method].safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, error: { code: 'E_ARG_INVALID', message: `${method}: ${issue.path.join('.') || 'args'}: ${issueMessage(issue, rawArgs)}` } };
  }
  try {
    const handler = handlers[method] as (a: unknown) => Promise<unknown>;
    return { ok: true, value: (await handler(parsed.data)) as ApiResult<ApiMethod> };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}
