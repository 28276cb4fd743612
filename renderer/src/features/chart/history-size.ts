/** The chart's first history request: the newest this many bars (a module of its own: early.ts needs it before anything else loads). */
export const HISTORY_BARS = 5_000;
