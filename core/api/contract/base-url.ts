import { z } from 'zod';
import { baseUrlProblem } from '../../exchange/base-url.js';

/** An exchange REST base URL: https to any host, http only to loopback (a test venue or local proxy). */
export const venueBaseUrlSchema = z
  .string()
  .trim()
  .max(500)
  .superRefine((text, context) => {
    const problem = baseUrlProblem(text);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });
