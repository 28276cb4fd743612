/** A configuration the trader named does not exist. */
export class UnknownConfigError extends Error {
  constructor(readonly config: string) {
    super(`no strategy configuration "${config}"`);
    this.name = 'UnknownConfigError';
  }
}

/** A configuration change refused, naming the field at fault. */
export class ConfigRefused extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly kind: 'bad_request' | 'rejected' | 'halted' = 'bad_request',
    /** For refused parameters: each field at fault (path inside the parameters, '' for a rule over several). */
    readonly paramIssues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ConfigRefused';
  }
}
