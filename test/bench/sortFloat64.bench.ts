// The summary's sort of one latency column: the built-in Float64Array sort against sim/engine/stats/
// sortFloat64.ts's radix sort, 10^6 values of three shapes (spread like a queue wait, exponential, few
// distinct values), best of 7 after a first call. One JSON line per shape: `npm run bench -- sortFloat64`.
import { sortedCopy } from '../../sim/engine/stats/sortFloat64.ts';

const n = 1_000_000;
let s = 1;
const uniform = () => (s = (s * 16807) % 2147483647) / 2147483647;
const shapes: [string, () => number][] = [
  ['spread', () => 8000 + 5000 * uniform()],
  ['exponential', () => -Math.log(uniform())],
  ['few-distinct', () => Math.floor(uniform() * 20) * 0.5],
];

function bestMs(f: () => unknown): number {
  let best = Infinity;
  for (let rep = 0; rep < 8; rep++) {
    const t = performance.now();
    f();
    if (rep > 0) best = Math.min(best, performance.now() - t);
  }
  return best;
}

for (const [name, draw] of shapes) {
  const values = Float64Array.from({ length: n }, draw);
  const builtin = bestMs(() => Float64Array.from(values).sort());
  const radix = bestMs(() => sortedCopy(values));
  console.log(JSON.stringify({ name: `sort-${name}`, values: n, builtin_ms: +builtin.toFixed(1), radix_ms: +radix.toFixed(1) }));
}
