import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aleaFor } from '../../../sim/engine/rng.ts';
import { CostLedger, summarise } from '../../../sim/model/cost/ledger.ts';
import { LineColumns } from '../../../sim/model/cost/lineColumns.ts';
import { GCP_2019_06 } from '../../../sim/model/cost/prices.ts';

const FIELDS = ['gpuNodes', 'cpuNodes', 'total', 'gpuNodeHours', 'cpuNodeHours'] as const;

test('LineColumns sums as summarise does, to the bit: open and closed lines, times before, between and after', () => {
  const u = aleaFor(3, 'line-columns');
  const columns = new LineColumns();
  const lines: Parameters<typeof summarise>[0][number][] = [];
  for (let i = 0; i < 300; i++) { // past the first capacity (64)
    const startedAt = u() * 5000;
    const gpu = u() < 0.3 ? { type: 'V100', count: u() < 0.1 ? 0 : 1 } : null; // a GPU spec of 0 GPUs is a CPU node
    const line = { id: `n${i}`, pool: 'p', machine: 'm', gpu, preemptible: true, hourlyPrice: 0.01 + u() * 3, startedAt, stoppedAt: null as number | null };
    const index = columns.add(line.startedAt, line.hourlyPrice, !!(gpu && gpu.count > 0));
    if (u() < 0.6) columns.close(index, (line.stoppedAt = startedAt + u() * 4000));
    lines.push(line);
  }
  for (const t of [0, 1, 777.7, 2500.25, 4999, 9000.5, 1e6, Infinity]) {
    const want = summarise(lines, t);
    const got = columns.sumAt(t);
    for (const f of FIELDS) assert.ok(Object.is(got[f], want[f]), `${f} at ${t}: ${got[f]} vs ${want[f]}`);
  }
  assert.ok(summarise(lines, 2500.25).gpuNodes > 0 && summarise(lines, 2500.25).cpuNodes > 0);
});

test('the ledger\'s costAt is summarise of its lines (nodes before the run start, stops, finish)', () => {
  const ledger = new CostLedger(GCP_2019_06, 10);
  const u = aleaFor(4, 'ledger-columns');
  for (let i = 0; i < 100; i++) {
    ledger.nodeStarted(`n${i}`, 'p', i % 3 === 0 ? 'n1-highmem-2' : 'n1-standard-2', i % 3 === 0 ? 'V100' : null, i % 2 === 0, u() * 3000 - 100);
    if (i % 4 === 1) ledger.nodeStopped(`n${i - 1}`, u() * 3000);
  }
  for (const t of [0, 5, 1234.5, 2999, 4000]) {
    const want = summarise(ledger.lines, t);
    const got = ledger.costAt(t);
    for (const f of FIELDS) assert.ok(Object.is(got[f], want[f]), `${f} at ${t}`);
  }
  ledger.finish(3500);
  for (const f of FIELDS) assert.ok(Object.is(ledger.costAt(9000)[f], summarise(ledger.lines, 3500)[f]), `${f} after finish`);
});

test.run();
