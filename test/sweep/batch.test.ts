import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../sim/scenario/load.ts';
import { largestFirst, runBatch } from '../../sim/sweep/batch.ts';
import { groupByScenario, onScenarioDone, replicationTasks } from '../../sim/sweep/replications.ts';
import { InlineExecutor, type Executor, type RunTask } from '../../sim/sweep/task.ts';

const scenarios = [100, 400, 100, 250].map((n) => loadScenario('scenarios/examples/quick.yaml', [`workload.images=${n}`, 'replications=2']));

test('largestFirst: indexes by images, largest first, ties in task order', () => {
  const tasks = replicationTasks(scenarios, 'summary');
  assert.equal(largestFirst(tasks), [2, 3, 6, 7, 0, 1, 4, 5]);
});

test('runBatch hands tasks to the executor largest first and returns results in task order', async () => {
  const tasks = replicationTasks(scenarios, 'summary');
  const inline = new InlineExecutor();
  const handed: number[] = [];
  const recording: Executor = { run: (t: RunTask, p) => { handed.push(tasks.indexOf(t)); return inline.run(t, p); }, close: () => inline.close() };
  const results = await runBatch(tasks, recording);
  assert.equal(handed, largestFirst(tasks));
  assert.equal(results.map((r) => r.record.count), tasks.map((t) => t.config.workload.images)); // each result at its task's index
  const inOrder = await runBatch(tasks, new InlineExecutor());
  assert.equal(results.map((r) => ({ ...r, engine: { ...r.engine, wall_s: 0 } })), inOrder.map((r) => ({ ...r, engine: { ...r.engine, wall_s: 0 } })));
});

test('onScenarioDone: each scenario once, as soon as its last replication is in, its replications in seed order', async () => {
  const tasks = replicationTasks(scenarios, 'summary');
  const doneAt: Array<[number, number, number[]]> = []; // [scenario, results seen by then, seeds]
  let seen = 0;
  const onResult = onScenarioDone(scenarios, (i, reps) => doneAt.push([i, seen, reps.map((r) => r.seed)]));
  const results = await runBatch(tasks, new InlineExecutor(), undefined, (i, r) => { seen++; onResult(i, r); });
  // largest first: scenario 1 (400 images) ends after 2 results, then 3, then 0 and 2
  assert.equal(doneAt.map(([i, n]) => [i, n]), [[1, 2], [3, 4], [0, 6], [2, 8]]);
  const groups = groupByScenario(scenarios, results);
  for (const [i, , seeds] of doneAt) assert.equal(seeds, groups[i]!.map((r) => r.seed));
  const none: number[] = [];
  onScenarioDone([{ ...scenarios[0]!, replications: 0 }], (i) => none.push(i));
  assert.equal(none, [0], 'a scenario without replications is done at once');
});

test('runBatch without retain: every result reaches onResult (the same ones), none is kept', async () => {
  const tasks = replicationTasks(scenarios, 'summary');
  const kept = await runBatch(tasks, new InlineExecutor());
  const heard: number[] = [];
  const summaries: Array<[number, number[]]> = [];
  const onResult = onScenarioDone(scenarios, (i, reps) => summaries.push([i, reps.map((r) => r.record.count)]));
  const returned = await runBatch(tasks, new InlineExecutor(), undefined, (i, r) => { heard.push(i); assert.is(r.seed, kept[i]!.seed); onResult(i, r); }, false);
  assert.equal(returned, []);
  assert.equal([...heard].sort((a, b) => a - b), tasks.map((_, i) => i));
  assert.equal(summaries.sort((a, b) => a[0] - b[0]), groupByScenario(scenarios, kept).map((g, i) => [i, g.map((r) => r.record.count)]));
});

test.run();
