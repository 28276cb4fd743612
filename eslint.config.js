import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const banned = (name, message) => ({ name, message });

/**
 * Layer boundaries, enforced: the renderer knows only the API contract; core never sees Electron,
 * React or the DOM; each outside-world library is imported by exactly one adapter module.
 */
const coreBans = [
  banned('electron', 'core/ must not know Electron: wire it in electron/.'),
  banned('react', 'core/ must not import React.'),
  banned('react-dom', 'core/ must not import React.'),
  banned('zustand', 'view state belongs to the renderer.'),
  banned('lightweight-charts', 'charts belong to the renderer.'),
];
const adapterOnly = {
  ccxt: 'only core/exchange talks to ccxt (ports and adapters).',
  'better-sqlite3-multiple-ciphers': 'only core/store touches SQLite: use a repository.',
  '@napi-rs/keyring': 'only core/secrets touches the keychain.',
  ws: 'only core/host serves WebSockets.',
};
const bansExcept = (...allowed) => Object.entries(adapterOnly).filter(([name]) => !allowed.includes(name)).map(([name, message]) => banned(name, message));
/**
 * trading-signals classes whose seeding or units differ from TA-Lib's: everyone computes these with
 * core/indicators (held to TA-Lib's output by the reference-data suite), never straight from the library.
 */
const talibMismatches = {
  name: 'trading-signals',
  importNames: ['EMA', 'DEMA', 'TEMA', 'MACD', 'ATR', 'NATR', 'DX', 'ADX', 'ROC', 'RMA'],
  message: 'these trading-signals indicators are not seeded like TA-Lib/TradingView: import them from core/indicators.',
};
/** core/indicators is pure math: trading-signals and its own files, nothing else of the core. */
const indicatorsStayPure = { regex: '^\\.\\./', message: 'core/indicators is pure math shared with the renderer: it imports no other part of the core.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test/output/**', '.tmp*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/exchange/**', 'core/store/**', 'core/secrets/**', 'core/host/**', 'core/indicators/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept(), talibMismatches] }] },
  },
  { files: ['core/indicators/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept()], patterns: [indicatorsStayPure] }] } },
  { files: ['core/exchange/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept('ccxt')] }] } },
  { files: ['core/store/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept('better-sqlite3-multiple-ciphers')] }] } },
  { files: ['core/secrets/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept('@napi-rs/keyring')] }] } },
  { files: ['core/host/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept('ws')] }] } },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...Object.entries(adapterOnly).map(([name]) => banned(name, 'the renderer talks to the core only through the API client.')), talibMismatches],
          patterns: [
            {
              // core/indicators is pure math (no money logic), shared so the chart draws what strategies trade on.
              regex: '^(\\.\\./)+core/(?!api/|market/candle$|indicators/)',
              message: 'the renderer may import only the API contract (core/api), candle types and the indicators (core/indicators); money logic stays in the core.',
            },
            { group: ['electron'], message: 'the renderer never touches Electron: the preload provides a MessageTransport.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [banned('react', 'electron/ is the shell, not UI.'), ...bansExcept()] }] },
  },
);
