// Starts the sandbox thread from its TypeScript source (serve, CLIs, tests run the core through tsx);
// the desktop build ships it bundled as strategy-sandbox.cjs and never uses this file.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
