import { toUnits, fromUnits } from './core/exchange/paper-decimal.js';
for (let r = 0; r < 3; r++) {
let t = performance.now(); let s = 0n; for (let i = 0; i < 200000; i++) s += toUnits(64000.12 + i * 0.01); console.log(((performance.now() - t) / 200000 * 1000).toFixed(3), 'us toUnits');
t = performance.now(); let x = 0; for (let i = 0; i < 200000; i++) x += fromUnits(6400012000000000n + BigInt(i)); console.log(((performance.now() - t) / 200000 * 1000).toFixed(3), 'us fromUnits big');
t = performance.now(); x = 0; for (let i = 0; i < 200000; i++) x += fromUnits(64000120000000n + BigInt(i)); console.log(((performance.now() - t) / 200000 * 1000).toFixed(3), 'us fromUnits small');
t = performance.now(); x = 0; for (let i = 0; i < 200000; i++) x += Number(String(64000.12 + i)); console.log(((performance.now() - t) / 200000 * 1000).toFixed(3), 'us String roundtrip');
}
