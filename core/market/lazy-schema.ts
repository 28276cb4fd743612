/**
 * A schema built on first use and kept: `const intentSchema = lazySchema(() => z.union([...]))`, then
 * `intentSchema().safeParse(raw)`. A zod schema costs its allocation when its module loads (every step of
 * a chain such as `z.number().int().min(2)` is an object with some forty bound methods); a schema that a
 * process may never use — the sandbox's protocol, the other strategies' parameters, a trader's intents —
 * is built only when it is first asked for, with the same checks and messages as ever.
 */
export function lazySchema<Schema>(build: () => Schema): () => Schema {
  let built: Schema | undefined;
  return () => (built ??= build());
}
