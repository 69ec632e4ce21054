/**
 * The renderer's side of the API contract. Under Electron the preload exposes
 * `window.riskatlas.invoke`; in a browser (riskatlas serve) the same calls go to
 * `POST /api/<method>`, authenticated by the HttpOnly cookie the server set.
 */
import type { ApiArgs, ApiMethod, ApiResponse, ApiResult, RiskAtlasApi } from '../../../src-main/api/contract';
import type { ErrorInfo } from '../../../src-shared/errors';

interface PreloadBridge {
  /** The window's role, given by the main process: the editor (every method) or a review window (the reviewer's methods only). */
  role: 'editor' | 'review';
  invoke(method: string, args: unknown): Promise<unknown>;
  dataBase: string;
  /** Project files the system hands the app (a double-click, a second launch), each given once. Editor window only. */
  onOpenFile?(listener: (path: string) => void): void;
  /** Review a chosen package or project (none: the open project as saved) in a review window of its own. Editor window only. */
  openReview?(path?: string): Promise<unknown>;
}

declare global {
  interface Window {
    riskatlas?: PreloadBridge;
  }
}

/** An API failure with its code, thrown by {@link call}. */
export class ApiError extends Error {
  readonly info: ErrorInfo;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

/** Any thrown value as an {@link ApiError} (a network failure or a bug becomes E_INTERNAL). */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError({ code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err) });
}

/** The transport for this page: IPC when the preload is present, HTTP otherwise. */
export function createApi(): RiskAtlasApi {
  const bridge = window.riskatlas;
  if (bridge) {
    return {
      call: (method, args) => bridge.invoke(method, args) as Promise<ApiResponse<typeof method>>,
      dataUrl: (id) => `${bridge.dataBase}${encodeURIComponent(id)}`,
    };
  }
  return {
    async call(method, args) {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
      if (res.status === 401) return { ok: false, error: { code: 'E_AUTH', message: 'token missing or expired' } };
      return (await res.json()) as ApiResponse<typeof method>;
    },
    dataUrl: (id) => new URL(`data/${encodeURIComponent(id)}`, window.location.origin + '/').href,
  };
}

export const api = createApi();

/**
 * True in the Electron window: native file dialogs (`dialog.choose`) exist and chosen paths
 * may be read. In a browser (`riskatlas serve`) files come in as uploads instead.
 */
export const isDesktop = typeof window !== 'undefined' && Boolean(window.riskatlas);

/** True in a desktop review window: it shows the review of one package or project, and may call the reviewer's methods only. */
export const isReviewWindow = typeof window !== 'undefined' && window.riskatlas?.role === 'review';

/**
 * True where this page may review only: a desktop review window, or a browser of `riskatlas
 * serve --review` (whose `app.info` says role `review`; settled by {@link resolveReviewClient}
 * before the first render). Such a page shows the review step alone.
 */
export let isReviewClient = isReviewWindow;

/** Ask the engine what this page is (a browser has no preload to say it); an unanswered call leaves it an editor, which then shows the error. */
export async function resolveReviewClient(): Promise<boolean> {
  if (typeof window !== 'undefined' && !window.riskatlas) {
    const r = await api.call('app.info', {}).catch(() => null);
    if (r?.ok) isReviewClient = r.value.role === 'review';
  }
  return isReviewClient;
}

/** The desktop editor window's way to review: in a review window of its own (undefined elsewhere). */
const openReview = typeof window !== 'undefined' ? window.riskatlas?.openReview : undefined;
export const reviewsInWindows = openReview !== undefined;

/** Open `path` (a package or project the user chose), or the open project as saved, in a review window; failures throw an {@link ApiError}. */
export async function openReviewWindow(path?: string): Promise<void> {
  if (!openReview) throw new ApiError({ code: 'E_INTERNAL', message: 'review windows exist in the desktop app only' });
  const r = (await openReview(path)) as { ok: true } | { ok: false; error: ErrorInfo };
  if (!r.ok) throw new ApiError(r.error);
}

/** Call a method and unwrap the result; failures throw an {@link ApiError}. */
export async function call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const r = (await api.call(method, args)) as ApiResponse<M>;
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}
