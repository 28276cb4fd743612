import { z } from 'zod';
import { DRAWING_KINDS, DRAWING_POINTS } from '../../market/chart-drawings.js';
import { symbolSchema } from '../../market/candle.js';
import { command } from './define.js';

export { fibonacciPrices, FIBONACCI_LEVELS } from '../../market/chart-drawings.js';

/** The chart's drawings, per symbol: horizontal lines, trend lines and Fibonacci retracements. */

export const drawingPointSchema = z.object({
  time: z.number({ error: 'required: the bar time (epoch ms)' }).int().nonnegative(),
  price: z.number({ error: 'required: a price above 0' }).positive('must be above 0').finite(),
});

export const drawingViewSchema = z.object({
  id: z.number().int(),
  symbol: symbolSchema,
  kind: z.enum(DRAWING_KINDS),
  points: z.array(drawingPointSchema),
  createdAt: z.number(),
});
export type DrawingView = z.infer<typeof drawingViewSchema>;

const addDrawingSchema = z
  .object({
    symbol: symbolSchema,
    kind: z.enum(DRAWING_KINDS, { error: 'choose horizontal, trend or fibonacci' }),
    points: z.array(drawingPointSchema).min(1, 'needs at least one point').max(2, 'at most two points'),
  })
  .strict()
  .superRefine((drawing, context) => {
    const needed = DRAWING_POINTS[drawing.kind];
    if (drawing.points.length !== needed) context.addIssue({ code: 'custom', path: ['points'], message: `a ${drawing.kind} drawing has ${needed} point${needed === 1 ? '' : 's'}` });
  });

export const chartCommands = {
  'chart.drawings.list': command(z.object({ symbol: symbolSchema }).strict(), z.array(drawingViewSchema)),
  'chart.drawings.add': command(addDrawingSchema, drawingViewSchema),
  'chart.drawings.remove': command(z.object({ id: z.number().int() }).strict(), z.object({ removed: z.literal(true) })),
} as const;
