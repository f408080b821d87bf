import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAsciiNumber, streamNumericCsv } from '../../../reports/run-dir/csv-numeric.ts';
import { tempDirs } from '../../results/support/tempDirs.ts';

const temp = tempDirs('csvnum-');
test.after(() => temp.removeAll());

const bytes = (s: string) => new TextEncoder().encode(s);
const parse = (s: string) => parseAsciiNumber(bytes(s), 0, s.length);

test('parseAsciiNumber equals Number() on the fast path and on the fallbacks', () => {
  const cases = ['0', '1', '-1', '+2', '3.25', '0.1', '0.3', '123456.789012', '-0.000123', '16684.941', '1e3', '2.5E-4', '12345678901234567890', '.5', '7.'];
  for (const c of cases) assert.is(parse(c), Number(c), c);
  // 10,000 pseudo-random decimals with 1 to 6 fraction digits
  let seed = 42;
  for (let i = 0; i < 10000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const s = (seed / 1000).toFixed(1 + (i % 6));
    assert.is(parse(s), Number(s), s);
  }
});

test('parseAsciiNumber: empty, text and a lone point are NaN; a CR is ignored', () => {
  assert.ok(Number.isNaN(parse('')));
  assert.ok(Number.isNaN(parse('abc')));
  assert.ok(Number.isNaN(parse('.')));
  assert.ok(Number.isNaN(parse('-')));
  assert.is(parse('4.5\r'), 4.5);
});

function tmpFile(text: string): string {
  const dir = temp.make();
  const p = path.join(dir, 'x.csv');
  writeFileSync(p, text);
  return p;
}

test('streamNumericCsv returns wanted columns in order, NaN for absent ones; CRLF, blank lines, no final newline', async () => {
  const p = tmpFile('a,b,c\r\n1,2,3\r\n\r\n4,,6\r\n7,8,9');
  const rows: number[][] = [];
  const n = await streamNumericCsv(p, () => ['c', 'a', 'zzz', 'b'], (v) => rows.push([...v]));
  assert.is(n, 3);
  assert.equal(rows.map((r) => r.slice(0, 2)), [[3, 1], [6, 4], [9, 7]]);
  assert.ok(rows.every((r) => Number.isNaN(r[2])));
  assert.ok(Number.isNaN(rows[1]![3]));
  assert.is(rows[2]![3], 8);
});

test('streamNumericCsv reads rows split across its 4 MiB chunks intact', async () => {
  const lines = ['i,x,y'];
  for (let i = 0; i < 300_000; i++) lines.push(`${i},${(i * 0.125).toFixed(3)},${i % 7}`); // ~6 MB: crosses a chunk edge
  const p = tmpFile(lines.join('\n') + '\n');
  let count = 0;
  let bad = 0;
  await streamNumericCsv(p, () => ['i', 'x', 'y'], (v) => {
    if (v[0] !== count || v[1] !== count * 0.125 || v[2] !== count % 7) bad++;
    count++;
  });
  assert.is(count, 300_000);
  assert.is(bad, 0);
});

test.run();
