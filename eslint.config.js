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

/**
 * Zones from the architecture picture (DESIGN.md): dependencies point inward. The domain (accounts,
 * orders, positions, runner, risk, engine, strategies, market, backtest, orchestrator) owns its types and knows
 * ports; it never imports the wire contract (core/api), the composition root (core/app), the hosts
 * (core/host), the alerts client or the store (core/store implements the domain's ports).
 */
const outward = (folder, why) => ({ regex: `^(\\.\\./)+${folder}/`, message: why });
const notTheContract = outward('api', 'the domain owns its types: core/api maps them to the wire, never the other way round.');
const notTheRoot = outward('app', 'core/app composes the domain; nothing in the domain depends on it.');
const notAHost = outward('host', 'hosts (core/host, electron/) sit outside the core and use it, not the reverse.');
const notTheAlerts = outward('alerts', 'alerts are a client of the API; the domain does not know them.');
const notTheStore = outward('store', 'the domain declares ports; core/store implements them (import the domain type, not the repository).');
const domainPatterns = [notTheContract, notTheRoot, notAHost, notTheAlerts, notTheStore];
const DOMAIN = ['accounts', 'orders', 'positions', 'runner', 'risk', 'engine', 'strategies', 'market', 'backtest', 'shell', 'orchestrator'].map((folder) => `core/${folder}/**/*.ts`);

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
  { files: DOMAIN, rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept(), talibMismatches], patterns: domainPatterns }] } },
  { files: ['core/api/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept(), talibMismatches], patterns: [notTheRoot, notAHost, notTheStore] }] } },
  { files: ['core/indicators/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept()], patterns: [indicatorsStayPure] }] } },
  { files: ['core/exchange/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept('ccxt')], patterns: domainPatterns }] } },
  { files: ['core/store/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept('better-sqlite3-multiple-ciphers')], patterns: [notTheContract, notTheRoot, notAHost] }] } },
  { files: ['core/secrets/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept('@napi-rs/keyring')], patterns: domainPatterns }] } },
  { files: ['core/host/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [...coreBans, ...bansExcept('ws')] }] } },
  {
    // One road for every order: only the order pipeline (core/orders) sends to a venue; adapters implement the send.
    files: ['core/**/*.ts', 'electron/**/*.ts'],
    ignores: ['core/orders/**', 'core/exchange/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='placeOrder']", message: 'orders reach a venue only through the order pipeline (core/orders/pipeline.ts submit).' },
        { selector: "CallExpression[callee.property.name='placeEmergencyOrder']", message: 'orders reach a venue only through the order pipeline (core/orders/pipeline.ts submit).' },
      ],
    },
  },
  // Files stay small: one concept each.
  { files: ['**/*.{ts,tsx}'], rules: { 'max-lines': ['error', { max: 400 }] } },
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [banned('react', 'electron/ is the shell, not UI.'), ...bansExcept()],
          patterns: [{ regex: '^(\\.\\./)+core/host/', message: 'electron/ is a host beside core/host, not a user of it: shared shell policy lives in core/shell.' }],
        },
      ],
    },
  },
);
