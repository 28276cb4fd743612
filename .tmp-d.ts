import { toUnits, fromUnits } from './core/exchange/paper-decimal.js';
// Compare the fast path with the text path on many values.
function slow(value: number): bigint {
  const text = String(Math.abs(value));
  const [mantissa, exponentText] = text.split('e') as [string, string | undefined];
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [whole, fraction = ''] = mantissa.split('.') as [string, string | undefined];
  const digits = whole + fraction;
  const shift = 12 + exponent - fraction.length;
  let units: bigint;
  if (shift >= 0) units = BigInt(digits) * 10n ** BigInt(shift);
  else { const d = 10n ** BigInt(-shift); units = (BigInt(digits) + d / 2n) / d; }
  return value < 0 ? -units : units;
}
let bad = 0;
const samples: number[] = [];
for (let i = 0; i < 200000; i++) {
  const decimals = i % 9;
  const magnitude = 10 ** ((i % 13) - 4);
  const v = Number((Math.random() * magnitude).toFixed(decimals));
  samples.push(v, v * 1.0015, v * 0.9985, v + 0.1 + 0.2);
}
for (const v of samples) {
  if (Number.isInteger(v)) continue;
  const a = toUnits(v), b = slow(v);
  if (a !== b && Math.abs(Number(a - b)) > 0 && String(v).replace(/^0\.0*/, '').replace('.', '').length <= 15) { if (bad++ < 10) console.log('mismatch', v, a, b); }
  if (fromUnits(a) !== Number(String(v)) && String(v).replace('.', '').replace(/^0+/, '').length <= 15 && !String(v).includes('e')) { if (bad++ < 10) console.log('roundtrip', v, a, fromUnits(a)); }
}
console.log('checked', samples.length, 'bad', bad);
let t = performance.now(); for (let i = 0; i < 100000; i++) fromUnits(toUnits(64000.12 + i * 0.01)); console.log(((performance.now() - t) / 100000 * 1000).toFixed(2), 'us roundtrip');
