import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LATENCY_KINDS, latencyColumn, summarizeRecords, summarizeReplications } from '../../sim/results/latency.ts';
import { quantileSummarySorted } from '../../sim/engine/stats/quantiles.ts';
import { exactSum } from '../../sim/engine/stats/exactSum.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { runOne } from '../../sim/results/runScenario.ts';

const { config } = loadScenario('scenarios/examples/quick.yaml', ['workload.images=400']);
const records = [runOne(config, 1), runOne(config, 2), runOne(config, 3)].map((r) => r.record);

test('summarizeReplications gives summarizeRecords of all records and of each one, to the last bit', () => {
  const { pooled, each } = summarizeReplications(records);
  assert.equal(JSON.stringify(pooled), JSON.stringify(summarizeRecords(records)));
  records.forEach((rec, i) => assert.equal(JSON.stringify(each[i]), JSON.stringify(summarizeRecords([rec]))));
  assert.ok(pooled.total.p95 > 0);
});

test('the pooled summary: the sorted pooled column\'s quantiles and its exact mean, for every kind', () => {
  const { pooled } = summarizeReplications(records);
  for (const kind of LATENCY_KINDS) {
    const sorted = latencyColumn(records, kind).sort();
    assert.equal(pooled[kind], quantileSummarySorted(sorted, exactSum(sorted) / sorted.length), kind);
  }
});

test('one replication with no finished image: every field NaN, the others unaffected', () => {
  const empty = Object.assign(Object.create(Object.getPrototypeOf(records[0]!)), records[0]!, { count: 0, completed: 0, status: new Uint8Array(0) });
  const { pooled, each } = summarizeReplications([records[0]!, empty]);
  assert.ok(Object.values(each[1]!.total).every((v) => Number.isNaN(v)));
  assert.equal(each[0], summarizeRecords([records[0]!]));
  assert.equal(pooled, summarizeRecords([records[0]!]));
});

test('NaN in a replication\'s column: its own summary and the pooled one as the sorted column gives them', () => {
  const withNaN = Object.assign(Object.create(Object.getPrototypeOf(records[1]!)), records[1]!, { serving: records[1]!.serving.slice() });
  const done = [...withNaN.status.keys()].filter((i: number) => withNaN.status[i] === 2);
  for (const i of done.slice(0, 5)) withNaN.serving[i] = NaN;
  const recs = [records[0]!, withNaN, records[2]!];
  const { pooled, each } = summarizeReplications(recs);
  const reference = (r: typeof recs) => {
    const sorted = latencyColumn(r, 'serving').sort();
    return quantileSummarySorted(sorted, NaN);
  };
  assert.equal(pooled.serving, reference(recs));
  assert.equal(each[1]!.serving, reference([withNaN]));
  assert.ok(Number.isNaN(pooled.serving.max) && Number.isFinite(pooled.serving.p50));
  assert.equal(each[0], summarizeRecords([records[0]!]));
});

test.run();
