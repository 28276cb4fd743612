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
  ) {
    super(message);
    this.name = 'ConfigRefused';
  }
}
