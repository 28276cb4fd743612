/** What a parameter field's label is read from (a JSON Schema property's title); kept apart from the form so plain modules (and tests) can name fields. */
export interface LabelledSchema {
  readonly properties?: Readonly<Record<string, { readonly title?: string }>>;
}

/** The label a parameter's field shows (its schema title, else its name in words): "Timeframe" for `timeframe`. */
export function paramLabel(schema: LabelledSchema, key: string): string {
  return schema.properties?.[key]?.title ?? humanize(key);
}

const humanize = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ').replace(/^./, (c) => c.toUpperCase());
