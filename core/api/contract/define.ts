import type { z } from 'zod';
import { useTraderMessages } from '../trader-messages.js';

// Every contract module comes through here: validation messages read as a trader's words wherever the contract is loaded.
useTraderMessages();

/** A command is a request schema and a response schema; types are inferred from both. */
export interface CommandSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

export function command<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): CommandSpec<Req, Res> {
  return { request, response };
}
