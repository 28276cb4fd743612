/**
 * The only IPC channel between the renderer and main. The preload hard-codes it, so the page can
 * never pick a channel; main listens on nothing else and rejects any other name it is shown.
 */
export const API_CHANNEL = 'halyard:api';

/** Every channel main accepts messages on. */
export const ALLOWED_CHANNELS: readonly string[] = [API_CHANNEL];

/** The one global the preload exposes to the page: `window.halyard`, a `MessageTransport`. */
export const RENDERER_GLOBAL = 'halyard';
