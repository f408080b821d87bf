import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { micros } from '../../sim/results/micros.ts';

// the CSV files' numbers must not change: micros must print what the rounding through a double printed
const reference = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '');

test('micros prints what String(Math.round(x * 1e6) / 1e6) prints: edge values', () => {
  const xs = [
    0, -0, NaN, Infinity, -Infinity, 1, -1, 0.1 + 0.2, 1e-7, 4.9e-7, 5e-7, -5e-7, -5.1e-7, 1.5e-6, 0.000001, 0.00001, 0.1, 1.000001,
    123456.0000005, 99999.9999995, 18530.668414749125, 2 ** 33 - 1e-6, 2 ** 33, 2 ** 33 + 0.1234567, 8e9 + 0.0000015, 7.999999999e9,
    8e9, 9e9, -8e9, 1e15, 1e21, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE,
  ];
  for (const x of xs) assert.is(micros(x), reference(x), String(x));
});

test('micros prints what String(Math.round(x * 1e6) / 1e6) prints: 300,000 random values of the sizes the files hold', () => {
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  for (let i = 0; i < 300_000; i++) {
    const scale = 10 ** Math.floor(next() * 16 - 7); // 1e-7 .. 1e8
    const x = (next() < 0.1 ? -1 : 1) * next() * scale;
    const r = reference(x);
    if (micros(x) !== r) assert.is(micros(x), r, String(x));
  }
  // numbers already on the microsecond grid (sums of recorded times)
  for (let i = 0; i < 100_000; i++) {
    const x = Math.round(next() * 1e10) / 1e6;
    if (micros(x) !== reference(x)) assert.is(micros(x), reference(x), String(x));
  }
});

test.run();
