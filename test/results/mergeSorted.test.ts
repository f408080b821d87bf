import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aleaFor } from '../../sim/engine/rng.ts';
import { mergeSorted } from '../../sim/results/mergeSorted.ts';
import { summarizeRecords, summarizeReplications } from '../../sim/results/latency.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { runOne } from '../../sim/results/runScenario.ts';

const bits = (a: Float64Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, 2 * a.length));

test('mergeSorted of sorted columns is the sort of the pooled values, bit for bit (ties, -0 and +0, 1 to 7 columns)', () => {
  const next = aleaFor(5, 'mergeSorted');
  // few distinct values so that ties (and both zeros) meet across columns
  const pick = () => [0, -0, 1.5, 2, 2, 3.25, -1, 1e-300, 7][Math.floor(next() * 9)]! + (next() < 0.5 ? 0 : Math.floor(next() * 4));
  for (let r = 1; r <= 7; r++) {
    for (let trial = 0; trial < 20; trial++) {
      const cols = Array.from({ length: r }, () => Float64Array.from({ length: Math.floor(next() * 40) }, pick));
      const pooled = new Float64Array(cols.reduce((n, c) => n + c.length, 0));
      let k = 0;
      for (const c of cols) pooled.set(c, (k += c.length) - c.length);
      const want = pooled.slice().sort();
      const got = mergeSorted(cols.map((c) => c.slice().sort()))!;
      assert.equal(bits(got), bits(want), `${r} columns, trial ${trial}`);
    }
  }
  // the order of zeros is not the same as a plain merge by '<' would leave it
  assert.equal(bits(mergeSorted([Float64Array.of(0), Float64Array.of(-0)])!), bits(Float64Array.of(-0, 0)));
});

test('mergeSorted refuses a column with NaN (null), and takes its arrays over', () => {
  const cols = [Float64Array.of(1, 2), Float64Array.of(0, NaN)];
  assert.is(mergeSorted(cols), null);
  const given = [Float64Array.of(1, 3), Float64Array.of(2)];
  assert.equal([...mergeSorted(given)!], [1, 2, 3]);
  assert.is(given.length, 0);
});

test('summarizeReplications gives summarizeRecords of all records and of each one, to the last bit', () => {
  const { config } = loadScenario('scenarios/examples/quick.yaml', ['workload.images=400']);
  const records = [runOne(config, 1), runOne(config, 2), runOne(config, 3)].map((r) => r.record);
  const { pooled, each } = summarizeReplications(records);
  assert.equal(JSON.stringify(pooled), JSON.stringify(summarizeRecords(records)));
  records.forEach((rec, i) => assert.equal(JSON.stringify(each[i]), JSON.stringify(summarizeRecords([rec]))));
  assert.ok(pooled.total.p95 > 0);
});

test.run();
