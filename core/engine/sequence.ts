/** Ids `<prefix>1`, `<prefix>2`, … for one engine (trade and order ids of a backtest or a paper run). */
export function sequence(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
