/** The single IPC channel of the API (method name in the payload). Kept apart so the preload bundles nothing else. */
export const IPC_CHANNEL = 'riskatlas:api';
