import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CostLedger, cumulativeCostSeries } from '../../../sim/model/cost/ledger.ts';
import { GCP_2019_06 } from '../../../sim/model/cost/prices.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

test('node cost = hourly price x lifetime, split GPU / CPU nodes (hand-worked)', () => {
  const ledger = new CostLedger(GCP_2019_06);
  ledger.nodeStarted('gpu-1', 'prediction', 'n1-highmem-2', 'V100', true, 0);
  ledger.nodeStarted('gpu-2', 'prediction', 'n1-highmem-2', 'V100', true, 1800);
  ledger.nodeStarted('cons-1', 'consumer', 'n1-standard-2', null, true, 0);
  ledger.nodeStarted('default-1', 'default', 'n1-standard-4', null, false, -600); // existed before the run
  ledger.nodeStopped('gpu-2', 5400); // 1 h
  const c = ledger.finish(7200);
  // GPU: 2 h x 0.765 + 1 h x 0.765 = 2.295. CPU: 2 h x 0.02 + 2 h (clipped at 0) x 0.19 = 0.42.
  close(c.gpuNodes, 2.295);
  close(c.cpuNodes, 0.42);
  close(c.total, 2.715);
  close(c.gpuNodeHours, 3);
  close(c.cpuNodeHours, 4);
});
test('the headline shape: 8 preemptible V100 nodes for 5.5 h cost about $33.7', () => {
  const ledger = new CostLedger(GCP_2019_06);
  for (let i = 0; i < 8; i++) ledger.nodeStarted(`g${i}`, 'prediction', 'n1-highmem-2', 'V100', true, 0);
  close(ledger.finish(5.5 * 3600).gpuNodes, 8 * 5.5 * 0.765); // 33.66
});
test('cumulative cost at time t, before and after finish', () => {
  const ledger = new CostLedger(GCP_2019_06);
  ledger.nodeStarted('g', 'prediction', 'n1-highmem-2', 'V100', false, 0);
  close(ledger.costAt(1800).total, 2.5984 / 2); // 0.1184 + 2.48 on demand
  ledger.finish(3600);
  close(ledger.costAt(7200).total, 2.5984); // nothing accrues after the run
  const series = cumulativeCostSeries(ledger.lines, [0, 900, 3600]);
  assert.equal(series.map((s) => Math.round(s.total * 1e6) / 1e6), [0, 0.6496, 2.5984]);
});
test('totalAt is costAt\'s total to the bit, before and after finish', () => {
  const ledger = new CostLedger(GCP_2019_06);
  ledger.nodeStarted('g', 'prediction', 'n1-highmem-2', 'V100', true, 0);
  ledger.nodeStarted('c', 'consumer', 'n1-standard-2', null, true, 37.25);
  ledger.nodeStopped('c', 911.5);
  ledger.nodeStarted('d', 'default', 'n1-standard-4', null, false, 100.125);
  for (const t of [0, 10, 333.3, 911.5, 1e4]) assert.is(ledger.totalAt(t), ledger.costAt(t).total, `at ${t}`);
  ledger.finish(5000);
  for (const t of [4999.9, 5000, 7200]) assert.is(ledger.totalAt(t), ledger.costAt(t).total, `after finish, at ${t}`);
});

test('ledger misuse is an error', () => {
  const ledger = new CostLedger(GCP_2019_06);
  ledger.nodeStarted('a', 'p', 'n1-standard-1', null, true, 0);
  assert.throws(() => ledger.nodeStarted('a', 'p', 'n1-standard-1', null, true, 1), /twice/);
  assert.throws(() => ledger.nodeStopped('b', 1), /not running/);
});

test.run();
