import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../sim/scenario/load.ts';
import { runBatch } from '../../sim/sweep/batch.ts';
import { RunPool } from '../../sim/sweep/pool.ts';
import { replicationTasks, groupByScenario } from '../../sim/sweep/replications.ts';
import { InlineExecutor, type Executor, type RunTask } from '../../sim/sweep/task.ts';
import { ImageRecord, TimeSeries } from '../../sim/model/record.ts';
import type { ReplicationResult } from '../../sim/results/runResult.ts';
import { runReplications } from '../../sim/results/runScenario.ts';

const noWall = (r: ReplicationResult) => ({ ...r, engine: { ...r.engine, wall_s: 0 } });
const scenarios = [
  loadScenario('scenarios/examples/quick.yaml', ['workload.images=120', 'replications=3']),
  loadScenario('scenarios/examples/mm1.yaml', ['workload.images=400', 'replications=2']),
];

test('tasks are the runs of runReplications: same seeds, same results, in order', async () => {
  const tasks = replicationTasks(scenarios, 'full');
  assert.is(tasks.length, 5);
  const results = groupByScenario(scenarios, await runBatch(tasks, new InlineExecutor()));
  scenarios.forEach((s, i) => assert.equal(results[i]!.map(noWall), runReplications(s.config, s.replications).map(noWall)));
});

for (const n of [2, 3]) {
  test(`a pool of ${n} threads gives the inline results whatever the completion order (full results, classes restored)`, async () => {
    const tasks = replicationTasks(scenarios, 'full');
    const inline = await runBatch(tasks, new InlineExecutor());
    const pool = new RunPool(n);
    try {
      const order: number[] = [];
      // a wrapper that records completion order: the big mm1 runs finish after the small ones they follow
      const recording: Executor = { run: (t: RunTask, p) => pool.run(t, p).then((r) => { order.push(tasks.indexOf(t)); return r; }), close: () => pool.close() };
      const threaded = await runBatch(tasks, recording);
      assert.equal(threaded.map(noWall), inline.map(noWall));
      assert.instance(threaded[0]!.record, ImageRecord);
      assert.instance(threaded[0]!.timeseries, TimeSeries);
      assert.instance(threaded[0]!.record.finished, Float64Array);
      assert.is(order.length, tasks.length);
    } finally {
      await pool.close();
    }
  });
}

test('progress covers the batch and ends at all runs done', async () => {
  const tasks = replicationTasks(scenarios, 'summary');
  const seen: [number, number, number][] = [];
  const pool = new RunPool(2);
  try {
    await runBatch(tasks, pool, { update: (d, t, f) => seen.push([d, t, f]), stop: () => {} });
  } finally {
    await pool.close();
  }
  assert.equal(seen[0], [0, 5, 0]);
  assert.equal(seen[seen.length - 1], [5, 5, 1]);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]![2] >= seen[i - 1]![2] - 1e-12, 'the fraction never goes back');
});

test('an error in a run thread rejects that run with its message; the pool goes on', async () => {
  const pool = new RunPool(1);
  try {
    const bad = { ...scenarios[0]!.config, workload: null } as unknown as RunTask['config'];
    try { await pool.run({ config: bad, seed: 1, detail: 'summary' }); assert.unreachable(); } catch (e) { assert.match((e as Error).message, /null|undefined|workload/); }
    const ok = await pool.run({ config: scenarios[0]!.config, seed: 1, detail: 'summary' });
    assert.is(ok.completed, true);
  } finally {
    await pool.close();
  }
});

test.run();
