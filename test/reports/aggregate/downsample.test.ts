import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { downsampleByTime } from '../../../reports/aggregate/downsample.ts';

const rows = Array.from({ length: 1000 }, (_, i) => ({ t: i, level: i % 2, total: i }));
const reduce = (c: string) => (c === 'total' ? ('last' as const) : ('mean' as const));

test('keeps at most maxBuckets rows: levels averaged, running totals keep their last value', () => {
  const out = downsampleByTime(rows, ['level', 'total'], reduce, 100);
  assert.ok(out.length <= 100 && out.length >= 99, `${out.length}`);
  for (const r of out) assert.ok(Math.abs(r.level! - 0.5) < 0.06, `level ${r.level}`);
  assert.is(out.at(-1)!.total, 999);
  for (let i = 1; i < out.length; i++) assert.ok(out[i]!.t! > out[i - 1]!.t!);
});

test('short series pass through unchanged', () => {
  const out = downsampleByTime(rows.slice(0, 10), ['level', 'total'], reduce, 100);
  assert.equal(out, rows.slice(0, 10));
});

test.run();
