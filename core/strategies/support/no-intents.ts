import type { Intent } from '../contract.js';

/** The shared "nothing to do" answer: most bars produce no intent, so don't allocate one per bar. */
export const NO_INTENTS: readonly Intent[] = Object.freeze([]);
