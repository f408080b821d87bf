import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aleaFor } from '../../sim/engine/rng.ts';
import { CsvBytes } from '../../sim/results/csvBytes.ts';
import { micros } from '../../sim/results/micros.ts';

/** The text CsvBytes writes for one value. */
function bytesOf(write: (b: CsvBytes) => void): string {
  const b = new CsvBytes(64);
  write(b);
  return b.take().toString('latin1');
}

test('CsvBytes.micros writes what micros() returns: edge values and a million random times', () => {
  const edges = [0, -0, 1e-7, 4.9e-7, 5e-7, -4e-7, -5e-7, 0.1, 0.25, 1.000001, 123.4560001, 7999999999.999999, 8e9, -8e9, 1e12, -1e300, 1e21, 3e300, Infinity, -Infinity, NaN, 2 ** 33, 0.000001, 0.0000015, 42, -42.5];
  for (const x of edges) assert.is(bytesOf((b) => b.micros(x)), micros(x), `x = ${x}`);
  const next = aleaFor(9, 'csvBytes');
  for (let i = 0; i < 1_000_000; i++) {
    const x = (next() - 0.2) * 10 ** Math.floor(next() * 12 - 4);
    const got = bytesOf((b) => b.micros(x));
    if (got !== micros(x)) assert.is(got, micros(x), `x = ${x}`);
  }
});

test('CsvBytes.number writes what String() does (integers, -0, and the rest)', () => {
  for (const n of [0, -0, 7, 10, 99, 100, -1, -12345, 2147483647, -2147483648, 2 ** 53 - 1, 2 ** 53, 1.5, NaN, Infinity]) {
    assert.is(bytesOf((b) => b.number(n)), String(n), `n = ${n}`);
  }
});

test('CsvBytes rows: separators, take hands the bytes over and starts again, reserve keeps what was written', () => {
  const b = new CsvBytes(16);
  b.number(3); b.comma(); b.micros(1.5); b.newline();
  b.reserve(100); // grows past 16 bytes
  b.ascii('x'.repeat(40)); b.newline();
  assert.is(b.take().toString('latin1'), `3,1.5\n${'x'.repeat(40)}\n`);
  assert.is(b.length, 0);
  b.number(1); b.newline();
  assert.is(b.take().toString('latin1'), '1\n');
});

test.run();
