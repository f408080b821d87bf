import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTimeseries } from '../../../reports/run-dir/timeseries.ts';
import { loadEvents } from '../../../reports/run-dir/events.ts';
import { loadRun, RunDirError } from '../../../reports/run-dir/load-run.ts';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/reports/tiny-run');

test('timeseries: the first replication by default, another on request, all columns present kept', async () => {
  const ts = await loadTimeseries(path.join(TINY, 'timeseries.csv'));
  assert.is(ts.replication, 1);
  assert.equal(ts.replications, [1, 2]);
  assert.is(ts.rows.length, 11);
  assert.ok(ts.columns.includes('queue_image') && ts.columns.includes('mystery_metric'));
  assert.not.ok(ts.columns.includes('replication') || ts.columns.includes('t_s'));
  const two = await loadTimeseries(path.join(TINY, 'timeseries.csv'), 2);
  assert.is(two.replication, 2);
  assert.is(two.rows.at(-1)!.completed_images, 4);
  const missing = await loadTimeseries(path.join(TINY, 'timeseries.csv'), 9);
  assert.is(missing.replication, 1, 'an absent replication falls back to the first');
});

test('timeseries: long series are reduced to maxPoints buckets', async () => {
  const ts = await loadTimeseries(path.join(TINY, 'timeseries.csv'), 1, 4);
  assert.ok(ts.rows.length <= 4);
  assert.is(ts.rawRows, 11);
  assert.is(ts.rows.at(-1)!.completed_images, 6, 'running totals keep their last value');
});

test('events: counts per kind for the chosen replication; only disruptions become markers', async () => {
  const ev = await loadEvents(path.join(TINY, 'events.csv'), 1, 100, 1000);
  assert.equal(ev.counts, { preemption: 1, pod_restart: 2, scale: 1, pod_crash: 1 });
  assert.equal(ev.markers.map((m) => m.kind), ['preemption', 'pod_restart', 'pod_restart', 'pod_crash']);
  const coarse = await loadEvents(path.join(TINY, 'events.csv'), 1, 100, 10);
  const restarts = coarse.markers.filter((m) => m.kind === 'pod_restart');
  assert.is(restarts.length, 1, 'restarts 1 s apart share a 10 s bucket');
  assert.is(restarts[0]!.count, 2);
  const two = await loadEvents(path.join(TINY, 'events.csv'), 2, 100);
  assert.equal(two.counts, { preemption: 1 });
});

test('loadRun reads a run directory; a missing one is a RunDirError naming it', async () => {
  const run = await loadRun(TINY);
  assert.is(run.name, 'tiny-2020-1gpu-10k');
  assert.is(run.meta.gpu_max, 1);
  assert.ok(run.images && run.timeseries && run.events);
  try {
    await loadRun(path.join(TINY, 'no-such-dir'));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, RunDirError);
    assert.match((e as Error).message, 'no-such-dir');
  }
});

test.run();
