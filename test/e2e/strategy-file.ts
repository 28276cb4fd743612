/**
 * The source of a trader's strategy file with one parameter (`size`, default 1, labelled "Size"), for a
 * test to write into the data dir's strategies folder; `onCandle` is the body of its onCandle.
 */
export function strategyFileSource(name: string, description: string, onCandle: string): string {
  return `
import { z } from 'zod';
export default {
  apiVersion: 1,
  name: '${name}',
  description: '${description}',
  params: z.object({ size: z.number().positive().default(1).describe('Size') }),
  timeframes: ['1m'],
  warmupBars: 1,
  create: () => ({ onCandle: ${onCandle}, readiness: () => 0 }),
};
`;
}
