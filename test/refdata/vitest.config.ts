import { defineConfig } from 'vitest/config';

// Real market data from ../shared/data (REFDATA_DIR). Never run by `npm test`; never copied into the repo.
export default defineConfig({
  test: {
    name: 'refdata',
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/refdata/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
