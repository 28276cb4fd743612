/**
 * The glue evaluated inside the sandbox before the trader's file: it keeps the file's definition and
 * instances in a closure and speaks JSON strings only, so no host object ever enters the sandbox and
 * no sandbox object ever leaves it (prototype tricks on what the strategy is handed stay inside).
 * JSON and the few built-ins it uses are captured before the file runs, so the file cannot swap them
 * under the glue. The file's bundle sets `__halyardBundle` = { module, toJSONSchema }.
 *
 * Each function takes and returns strings; a throw is reported to the host as the strategy's error.
 */
export const SANDBOX_PRELUDE = String.raw`(() => {
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const isArray = Array.isArray;
  const freeze = Object.freeze;
  const instances = new Map();
  let definition = null;
  let toJSONSchema = null;

  const issuesOf = (error) => (error && isArray(error.issues) ? error.issues.map((i) => ({ path: isArray(i.path) ? i.path.join('.') : '', message: String(i.message) })) : null);
  const need = () => {
    if (definition === null) throw new Error('the strategy file is not loaded');
    return definition;
  };
  const checkParams = (raw) => {
    const result = need().params.safeParse(raw);
    if (result.success) return result.data;
    const issues = issuesOf(result.error) || [];
    throw new Error('invalid parameters — ' + issues.map((i) => (i.path || 'params') + ': ' + i.message).join('; '));
  };
  const instance = (id) => {
    const entry = instances.get(id);
    if (entry === undefined) throw new Error('no such instance');
    return entry;
  };
  const contextFor = (entry, raw) => {
    let windows;
    const context = {
      symbol: raw.symbol,
      time: raw.time,
      timeframe: raw.timeframe,
      candle: raw.candle,
      position: raw.position === null ? null : freeze(raw.position),
      tier: raw.tier,
      openEntryOrders: raw.openEntryOrders,
      tierDefaults: raw.tierDefaults,
      get windows() {
        if (windows === undefined) {
          windows = {};
          for (const [timeframe, bars] of entry.rings) windows[timeframe] = bars.slice();
        }
        return windows;
      },
    };
    return context;
  };
  const levelsOf = (entry) => {
    if (typeof entry.instance.levels !== 'function') return null;
    try {
      const raw = entry.instance.levels();
      return isArray(raw) ? raw.filter((l) => l && typeof l.price === 'number' && typeof l.label === 'string').map((l) => ({ price: l.price, label: l.label })) : null;
    } catch (error) {
      return null;
    }
  };
  // Readiness and levels ride along with each decision for live use, so the host never calls in for them.
  // A throw in readiness() is told back (the host records it as the strategy's error), never swallowed.
  const views = (entry, context) => {
    let readiness = null;
    let readinessError = null;
    try {
      const score = entry.instance.readiness(context);
      readiness = typeof score === 'number' ? score : null;
    } catch (error) {
      try {
        readinessError = (error && typeof error.name === 'string' && error.name !== 'Error' ? error.name + ': ' : '') + String(error && error.message !== undefined ? error.message : error);
      } catch (unreadable) {
        readinessError = 'an error that could not be read';
      }
    }
    return { readiness, readinessError, levels: levelsOf(entry) };
  };

  // The file's clock is the bar's: Date.now() and new Date() read the time of the bar being decided (0 before
  // the first), never the wall clock, so a backtest and a live run of the same bars decide alike.
  const HostDate = Date;
  let clock = 0;
  const BarDate = function Date(...args) {
    if (new.target === undefined) return new HostDate(clock).toString();
    return args.length === 0 ? new HostDate(clock) : new HostDate(...args);
  };
  BarDate.prototype = HostDate.prototype;
  HostDate.prototype.constructor = BarDate;
  BarDate.now = () => clock;
  BarDate.parse = HostDate.parse;
  BarDate.UTC = HostDate.UTC;
  globalThis.Date = BarDate;
  // Math.random is seeded, never the host's: each instance draws from its own stream, seeded by the host from the
  // strategy's name, its parameters and the symbol (sfc32 on a cyrb128 hash of that text), so two runs of the same
  // file on the same bars draw the same numbers. Code outside an instance (the file's top level, its parameter
  // checks) draws from streams of fixed seeds.
  const imul = Math.imul;
  const seedState = (text) => {
    let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
    for (let i = 0; i < text.length; i++) {
      const k = text.charCodeAt(i);
      h1 = h2 ^ imul(h1 ^ k, 597399067);
      h2 = h3 ^ imul(h2 ^ k, 2869860233);
      h3 = h4 ^ imul(h3 ^ k, 951274213);
      h4 = h1 ^ imul(h4 ^ k, 2716044179);
    }
    h1 = imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = imul(h2 ^ (h4 >>> 19), 2716044179);
    return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
  };
  const seeded = (text) => {
    const s = seedState(String(text));
    return () => {
      const t = (((s[0] + s[1]) >>> 0) + s[3]) >>> 0;
      s[3] = (s[3] + 1) >>> 0;
      s[0] = s[1] ^ (s[1] >>> 9);
      s[1] = (s[2] + (s[2] << 3)) >>> 0;
      s[2] = ((s[2] << 21) | (s[2] >>> 11)) >>> 0;
      s[2] = (s[2] + t) >>> 0;
      return t / 4294967296;
    };
  };
  let random = seeded('file');
  Math.random = function random_() {
    return random();
  };
  const drawFor = (entry) => {
    random = entry.random;
    return entry;
  };

  const tick = (raw) => {
    if (typeof raw.time === 'number') clock = raw.time;
    return raw;
  };

  return {
    load() {
      const bundle = globalThis.__halyardBundle;
      delete globalThis.__halyardBundle;
      if (!bundle || typeof bundle !== 'object') throw new Error('the file did not evaluate to a module');
      const exported = bundle.module || {};
      toJSONSchema = bundle.toJSONSchema;
      let candidate = exported.default !== undefined ? exported.default : exported.strategy;
      if (candidate === undefined) candidate = Object.values(exported).find((v) => v && v.apiVersion !== undefined);
      if (!candidate || typeof candidate !== 'object') throw new Error('the file must export a strategy definition (export default { apiVersion, name, … })');
      const schemaOk = candidate.params && typeof candidate.params.safeParse === 'function';
      definition = candidate;
      let paramsSchema = null;
      let defaults = null;
      if (schemaOk) {
        try {
          paramsSchema = toJSONSchema(candidate.params);
        } catch (error) {
          paramsSchema = { description: 'parameters cannot be described as JSON Schema: ' + (error && error.message) };
        }
        const parsed = candidate.params.safeParse({});
        defaults = parsed.success ? parsed.data : null;
      }
      return stringify({
        apiVersion: candidate.apiVersion,
        name: candidate.name,
        description: candidate.description,
        timeframes: candidate.timeframes,
        warmupBars: candidate.warmupBars,
        hasParams: schemaOk,
        hasRequirements: typeof candidate.requirements === 'function',
        hasCreate: typeof candidate.create === 'function',
        paramsSchema,
        defaults,
      });
    },
    validate(paramsJson) {
      random = seeded('params');
      const result = need().params.safeParse(parse(paramsJson));
      return stringify(result.success ? { ok: true, params: result.data } : { ok: false, issues: issuesOf(result.error) || [] });
    },
    requirements(paramsJson) {
      const d = need();
      random = seeded('params');
      const params = checkParams(parse(paramsJson));
      const r = typeof d.requirements === 'function' ? d.requirements(params) : { timeframes: d.timeframes, warmupBars: d.warmupBars };
      return stringify({ timeframes: r && r.timeframes, warmupBars: r && r.warmupBars });
    },
    create(argsJson) {
      const args = parse(argsJson);
      const own = seeded(args.seed);
      random = seeded('params');
      const params = checkParams(args.params);
      random = own;
      const created = need().create(params, args.symbol);
      if (!created || typeof created.onCandle !== 'function' || typeof created.readiness !== 'function') {
        throw new Error('create() must return an object with onCandle() and readiness()');
      }
      const rings = new Map();
      for (const timeframe of args.timeframes) rings.set(timeframe, []);
      instances.set(args.id, { instance: created, rings, capacity: Math.max(1, args.windowBars), random: own });
      return 'null';
    },
    candle(id, contextJson) {
      const entry = drawFor(instance(id));
      const raw = tick(parse(contextJson));
      const ring = entry.rings.get(raw.timeframe);
      if (ring !== undefined) {
        ring.push(raw.candle);
        if (ring.length > entry.capacity) ring.shift();
      }
      const context = contextFor(entry, raw);
      const intents = entry.instance.onCandle(context);
      if (!isArray(intents)) throw new TypeError('onCandle must return an array of intents, got ' + typeof intents);
      return stringify(raw.views ? { intents, ...views(entry, context) } : { intents });
    },
    readiness(id, contextJson) {
      const entry = drawFor(instance(id));
      return stringify(entry.instance.readiness(contextFor(entry, tick(parse(contextJson)))));
    },
    closed(id, outcomeJson) {
      const entry = drawFor(instance(id));
      if (typeof entry.instance.onPositionClosed === 'function') entry.instance.onPositionClosed(freeze(parse(outcomeJson)));
      return stringify({ levels: levelsOf(entry) });
    },
    dispose(id) {
      instances.delete(id);
      return 'null';
    },
  };
})()`;
