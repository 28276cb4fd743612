import { SourceMap, type SourceMapPayload } from 'node:module';

/** The script name the bundled file is evaluated under (session.ts): its frames are the trader's code. */
export const BUNDLE_SCRIPT = 'strategy.js';

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const BUNDLE_FRAME = new RegExp(`\\(${BUNDLE_SCRIPT.replace('.', '\\.')}:(\\d+):(\\d+)\\)`, 'g');

/**
 * Where in the trader's own files an error happened: QuickJS's stack names lines of the bundled script,
 * which its inline source map (bundle.ts) takes back to the file and line the trader wrote — the first
 * frame in the trader's files, past the libraries and the bundle's glue.
 */
export class BundleLocator {
  private constructor(private readonly map: SourceMap) {}

  /** The locator of a bundled script, or null when it carries no readable map. */
  static of(script: string): BundleLocator | null {
    const encoded = INLINE_MAP.exec(script)?.[1];
    if (encoded === undefined) return null;
    try {
      return new BundleLocator(new SourceMap(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as SourceMapPayload));
    } catch {
      return null;
    }
  }

  /** `my-file.ts:12` for the first frame of `stack` in the trader's files; null when none is. */
  locate(stack: string): string | null {
    for (const [, line, column] of stack.matchAll(BUNDLE_FRAME)) {
      const entry: Partial<{ originalSource: string; originalLine: number }> = this.map.findEntry(Number(line) - 1, Math.max(0, Number(column) - 1));
      const source = entry.originalSource;
      if (source === undefined || entry.originalLine === undefined || source.startsWith('sandbox-library:') || source.endsWith('.sandbox-entry.js')) continue;
      return `${source}:${entry.originalLine + 1}`;
    }
    return null;
  }
}
