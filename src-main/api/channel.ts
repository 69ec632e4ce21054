/** The single IPC channel of the API (method name in the payload). Kept apart so the preload bundles nothing else. */
export const IPC_CHANNEL = 'riskatlas:api';

/**
 * The channel of files handed to the window by the system (a double-clicked project, a second
 * launch): the main process nudges the window on it, and the window asks on it for the files
 * waiting (an invoke answers with their paths, each given once).
 */
export const HANDOVER_CHANNEL = 'riskatlas:open-file';

/**
 * The editor window asks on this channel for a review window (an invoke with the path of a
 * package or project the user chose, or none for the open project); it answers
 * `{ ok: true }` or `{ ok: false, error }`. Only the editor window may use it.
 */
export const REVIEW_WINDOW_CHANNEL = 'riskatlas:review-window';
