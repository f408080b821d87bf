import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GCP_2019_06, parsePriceTable, nodeHourlyPrice, PriceTableError } from '../../../sim/model/cost/prices.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

test('built-in 2019-06 table: the reference\'s rows', () => {
  assert.equal(GCP_2019_06.machines['n1-standard-2'], { onDemand: 0.095, preemptible: 0.02 });
  assert.equal(GCP_2019_06.machines['n1-highmem-2'], { onDemand: 0.1184, preemptible: 0.025 });
  assert.equal(GCP_2019_06.gpus.V100, { onDemand: 2.48, preemptible: 0.74 });
  assert.equal(GCP_2019_06.gpus.P4, { onDemand: 0.6, preemptible: 0.216 });
  assert.is(Object.keys(GCP_2019_06.machines).length, 5);
  assert.is(Object.keys(GCP_2019_06.gpus).length, 5);
});
test('a V100 node on n1-highmem-2: $0.765/h preemptible, $2.598/h on demand (reference, derived)', () => {
  close(nodeHourlyPrice(GCP_2019_06, 'n1-highmem-2', { type: 'V100', count: 1 }, true), 0.765);
  // 0.1184 + 2.48 = 2.5984, which the reference rounds to $2.598/h.
  close(nodeHourlyPrice(GCP_2019_06, 'n1-highmem-2', { type: 'V100', count: 1 }, false), 2.5984);
  close(nodeHourlyPrice(GCP_2019_06, 'n1-standard-4', null, false), 0.19);
  close(nodeHourlyPrice(GCP_2019_06, 'n1-standard-8', { type: 'T4', count: 2 }, true), 0.08 + 2 * 0.29);
});
test('unknown machine or GPU types are errors naming the table', () => {
  assert.throws(() => nodeHourlyPrice(GCP_2019_06, 'a2-highgpu-1g', null, true), /a2-highgpu-1g/);
  assert.throws(() => nodeHourlyPrice(GCP_2019_06, 'n1-standard-1', { type: 'A100', count: 1 }, true), /A100/);
});
test('parsePriceTable accepts a user table and keeps its source', () => {
  const t = parsePriceTable({ machines: { 'g2-standard-4': { onDemand: 0.7, preemptible: 0.25 } }, gpus: { L4: { onDemand: 0.6, preemptible: 0.2 } } }, 'prices/2024.json');
  assert.is(t.source, 'prices/2024.json');
  close(nodeHourlyPrice(t, 'g2-standard-4', { type: 'L4', count: 1 }, true), 0.45);
  assert.equal(parsePriceTable({ machines: {} }, 'x.json').gpus, {});
});
test('parsePriceTable rejects bad shapes with the file and path in the message', () => {
  const bad = [
    { machines: { 'n1-standard-1': { onDemand: -1, preemptible: 0.01 } } },
    { machines: { 'n1-standard-1': { onDemand: 0.1 } } },
    { machines: { 'n1-standard-1': { onDemand: 0.1, preemptible: 0.01, spot: 1 } } },
    { gpus: {} },
    'not a table',
  ];
  for (const json of bad) {
    try {
      parsePriceTable(json, 'mine.json');
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, PriceTableError);
      assert.match((e as Error).message, /^mine\.json: /);
    }
  }
});
test.run();
