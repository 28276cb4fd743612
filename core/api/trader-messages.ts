import { z } from 'zod';

/**
 * Zod's default messages ("Too small: expected array to have >=1 items") are written for programmers.
 * This map says the same in a trader's words; it is zod's lowest-precedence map, so a message a schema
 * gives itself ("must be a plain decimal number like 0.015") always wins. Installed once for every
 * parse in the process (core and renderer alike) by `useTraderMessages`.
 */
type Issue = Parameters<z.core.$ZodErrorMap>[0];

const KIND: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a group of fields',
  date: 'a date',
  bigint: 'a whole number',
};

function count(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(15))) : String(value);
}

export function traderMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'required';
      return `must be ${KIND[issue.expected] ?? issue.expected}`;
    case 'too_small': {
      const min = count(issue.minimum);
      if (issue.origin === 'array' || issue.origin === 'set') return min === '1' ? 'choose at least one' : `choose at least ${min}`;
      if (issue.origin === 'string') return min === '1' ? 'required' : `must be at least ${min} characters`;
      return issue.inclusive === false ? `must be greater than ${min}` : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = count(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return `choose at most ${max}`;
      if (issue.origin === 'string') return `must be at most ${max} characters`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'invalid_value':
      if (issue.input === undefined) return 'required';
      return issue.values.length === 1 ? `must be ${String(issue.values[0])}` : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.join(', ')} ${issue.keys.length === 1 ? 'is' : 'are'} not known here`;
    case 'not_multiple_of':
      return `must be a multiple of ${count(issue.divisor)}`;
    case 'invalid_format':
      return 'is not in the expected format';
    case 'invalid_union':
      return 'is not one of the accepted forms';
    default:
      return undefined;
  }
}

let installed = false;

/** Makes `traderMessage` zod's fallback for every schema (idempotent). */
export function useTraderMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: traderMessage });
}
