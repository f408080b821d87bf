/** The live harness's parts that need no live kiosk: batching, bundles, crash reports, scenario checks, errors. */
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BatchScheduler, type Task } from '../../sim/live/batcher.ts';
import { packBundle, unpackBundle } from '../../sim/live/bucket.ts';
import { errorTable, metrics, perRunTable } from '../../sim/live/compare.ts';
import { postprocess, preprocess, syntheticImage, tileOrigins } from '../../sim/live/imaging.ts';
import { ChildCrashed, Supervisor } from '../../sim/live/processes.ts';
import { failedAttempts } from '../../sim/live/records.ts';
import { podOfProcessingList, processingList, runQueues } from '../../sim/live/protocol.ts';
import { liveSettings, LiveScenarioError, tilesPerImage } from '../../sim/live/settings.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import type { RunSummary } from '../../sim/results/summary.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('batcher: joins the open batch, closes it when full, refuses when the queue is full or the task too large', async () => {
  const ran: number[][] = [];
  let release: () => void = () => {};
  const sched = new BatchScheduler<number>({ maxBatchSize: 4, batchTimeout: 0.02, maxEnqueuedBatches: 2 }, async (tasks) => {
    ran.push(tasks.map((t) => t.payload));
    await new Promise<void>((r) => { release = r; });
  });
  const t = (size: number, payload: number): Task<number> => ({ size, payload });
  assert.is(sched.submit(t(5, 0)), 'too-large');
  assert.is(sched.submit(t(2, 1)), null);
  assert.is(sched.submit(t(2, 2)), null); // fills the batch: runs at once
  assert.equal(ran, [[1, 2]]);
  assert.is(sched.submit(t(3, 3)), null); // new open batch (waiting 1)
  assert.is(sched.submit(t(3, 4)), null); // does not fit: 3 closed, 4 opens (waiting 2)
  assert.is(sched.submit(t(3, 5)), 'queue-full'); // would need a third waiting batch
  release();
  await wait(50); // [3] runs; [4] passes its timeout while [3] holds the runner, and stays open
  assert.equal(ran, [[1, 2], [3]]);
  release();
  await wait(10);
  assert.equal(ran, [[1, 2], [3], [4]]);
  release();
  sched.stop();
});

test('batcher: an open batch past its timeout keeps filling while the runner is busy (TF-Serving), and runs when it is free', async () => {
  const ran: number[][] = [];
  let release: () => void = () => {};
  const sched = new BatchScheduler<number>({ maxBatchSize: 4, batchTimeout: 0.01, maxEnqueuedBatches: 4 }, async (tasks) => {
    ran.push(tasks.map((t) => t.payload));
    await new Promise<void>((r) => { release = r; });
  });
  sched.submit({ size: 4, payload: 1 }); // full: runs at once and holds the runner
  sched.submit({ size: 1, payload: 2 }); // opens a batch
  await wait(40); // past its timeout, the runner still busy
  sched.submit({ size: 1, payload: 3 }); // joins it: the batch was not closed by its timer
  assert.equal(ran, [[1]]);
  release();
  await wait(5);
  assert.equal(ran, [[1], [2, 3]]);
  sched.submit({ size: 1, payload: 4 }); // runner busy again: opens a batch
  release(); // the runner frees before that batch's timeout: it waits for it
  await wait(2);
  assert.equal(ran, [[1], [2, 3]]);
  await wait(40);
  assert.equal(ran, [[1], [2, 3], [4]], 'the timer runs it once the runner is free');
  release();
  sched.stop();
});

test('batcher: timeout 0 runs whatever is queued as soon as the runner is free', async () => {
  const ran: number[][] = [];
  let release: () => void = () => {};
  const sched = new BatchScheduler<number>({ maxBatchSize: 8, batchTimeout: 0, maxEnqueuedBatches: 4 }, async (tasks) => {
    ran.push(tasks.map((t) => t.payload));
    await new Promise<void>((r) => { release = r; });
  });
  sched.submit({ size: 1, payload: 1 });
  sched.submit({ size: 1, payload: 2 });
  sched.submit({ size: 1, payload: 3 });
  assert.equal(ran, [[1]]);
  release();
  await wait(5);
  assert.equal(ran, [[1], [2, 3]]);
  release();
});

test('bundle: packs and unpacks named files byte for byte', async () => {
  const entries = [{ name: 'a.raw', bytes: syntheticImage(16, 8, 1) }, { name: 'b.raw', bytes: new Uint8Array([1, 2, 3]) }];
  const back = await unpackBundle(await packBundle(entries));
  assert.equal(back.map((e) => e.name), ['a.raw', 'b.raw']);
  assert.equal([...back[0]!.bytes], [...entries[0]!.bytes]);
  assert.equal([...back[1]!.bytes], [1, 2, 3]);
  let failed = false;
  await unpackBundle(Buffer.from('not gzip')).catch(() => { failed = true; });
  assert.ok(failed, 'a damaged bundle is an error');
});

test('imaging: tiles follow the kiosk layout (last tile on the edge) and post-processing labels blobs', () => {
  assert.equal(tileOrigins(64, 32, 24), [0, 24, 32]);
  assert.equal(tileOrigins(1280, 256, 192), [0, 192, 384, 576, 768, 960, 1024]);
  const img = syntheticImage(64, 64, 3);
  const { tiles, origins } = preprocess(img, 64, 64, 32, 24);
  assert.is(origins.length, 9);
  assert.is(tiles.length, 9 * 32 * 32);
  const ones = new Float32Array(tiles.length).fill(1);
  const labels = postprocess(ones, origins, 64, 64, 32);
  assert.is(Math.max(...labels), 1, 'one connected foreground region');
});

test('protocol: processing lists name their pod; run queues are tagged', () => {
  const q = runQueues('segmentation', 'ab12');
  assert.equal(q, { image: 'segmentation-liveab12', zip: 'segmentation-liveab12-zip' });
  assert.is(podOfProcessingList(q.image, processingList(q.image, 'image-consumer-0')), 'image-consumer-0');
  assert.is(podOfProcessingList(q.image, processingList(q.zip, 'zip-consumer-0')), null);
  assert.throws(() => runQueues('segmentation', 'a:b'));
});

test('records: failed Predict attempts read back from the job hash (kind@start+seconds+late; earlier runs without +late), a malformed entry left out', () => {
  assert.equal(failedAttempts('unavailable@1700000000.250000+0.031000+0.004500,deadline@1700000001.5+2.000100,junk'), [
    { kind: 'unavailable', at: 1700000000.25, seconds: 0.031, backoffLate: 0.0045 }, { kind: 'deadline', at: 1700000001.5, seconds: 2.0001, backoffLate: NaN },
  ]);
  assert.equal(failedAttempts(undefined), []);
});

test('supervisor: a child that dies is reported with its name and stderr, not waited on', async () => {
  const sup = new Supervisor();
  sup.start('bad-consumer', { bin: process.execPath, args: ['-e', 'console.error("boom at line 7"); process.exit(3)'] });
  try {
    await sup.crashed;
    assert.unreachable('should have rejected');
  } catch (e) {
    assert.instance(e, ChildCrashed);
    assert.match((e as Error).message, /bad-consumer exited unexpectedly \(exit code 3\): boom at line 7/);
  }
  await sup.stopAll();
});

test('settings: the live scenario maps onto the harness; an unsupported one names the setting', () => {
  const s = liveSettings(loadScenario('sim/live/scenarios/under.yaml').config);
  assert.is(s.images, 48);
  assert.is(s.stride, 24);
  assert.is(tilesPerImage(s), 9);
  assert.is(s.emptyQueueSleep, 1);
  assert.throws(() => liveSettings(loadScenario('sim/live/scenarios/under.yaml', ['autoscaling.policy=kiosk']).config),
    (e: Error) => e instanceof LiveScenarioError && /autoscaling.policy: the live kiosk needs fixed/.test(e.message));
  assert.throws(() => liveSettings(loadScenario('sim/live/scenarios/under.yaml', ['autoscaling.fixed.serving=2']).config),
    (e: Error) => /autoscaling.fixed.serving/.test(e.message));
});

test('compare: error = sim/live - 1, targets marked', () => {
  const summary = (makespan: number, p50: number): RunSummary => ({
    makespan_s: { mean: makespan }, throughput_images_per_s: { mean: 1 },
    latency_s: { serving: { p50, p95: p50 }, queue_wait: { p50, p95: p50 }, total: { p50, p95: p50 } },
    gpu: { mean_utilization: { mean: 0.5 } }, retries: { mean: 0 },
  }) as unknown as RunSummary;
  const ms = metrics(summary(10, 1), summary(10.4, 1.2));
  const byName = Object.fromEntries(ms.map((m) => [m.name, m]));
  assert.ok(Math.abs(byName.makespan!.rel! - 0.04) < 1e-12);
  assert.ok(Math.abs(byName.serving_p50!.rel! - 0.2) < 1e-12);
  assert.is(byName.retries!.rel, null);
  const table = errorTable(ms);
  assert.match(table, /\| makespan \| 10.00 \|  \| 10.40 \| \+4.0 % \| <= 5 % ok \|  \|/);
  assert.match(table, /\| serving_p50 \| 1.00 \|  \| 1.20 \| \+20.0 % \| <= 10 % MISSED \| 1.00 \/ 1.20 \(\+20.0 %\) \|/);
});

test('compare: the live runs\' own spread (CV across runs) beside each error; none from one run', () => {
  const stat = (mean: number, sd: number) => ({ mean, sd });
  const live = {
    replications: 3, makespan_s: stat(10, 1.5), throughput_images_per_s: stat(2, 0.1),
    latency_s: { serving: { p50: 1, p95: 2 }, queue_wait: { p50: 1, p95: 2 }, total: { p50: 1, p95: 2 } },
    latency_s_across_replications: Object.fromEntries(['serving', 'queue_wait', 'total'].map((k) => [k, { p50: stat(1, 0.05), p95: stat(2, 0.4) }])),
    gpu: { mean_utilization: stat(0.5, 0) }, retries: stat(0, 0),
  } as unknown as RunSummary;
  const byName = Object.fromEntries(metrics(live, live).map((m) => [m.name, m]));
  assert.ok(Math.abs(byName.makespan!.liveCv! - 0.15) < 1e-12);
  assert.ok(Math.abs(byName.serving_p95!.liveCv! - 0.2) < 1e-12, 'a quantile\'s spread is that of the runs\' own quantiles');
  assert.is(byName.retries!.liveCv, null, 'no CV of a zero mean');
  assert.match(errorTable(metrics(live, live)), /\| makespan \| 10.00 \| 15.0 % \| 10.00 \| \+0.0 % \| <= 5 % ok \|/);
  assert.is(metrics({ ...live, replications: 1 } as RunSummary, live)[0]!.liveCv, null);
});

test('compare: a quantile is judged as the runs\' own quantile averaged over runs; the pooled one is shown beside it', () => {
  const stat = (mean: number) => ({ mean, sd: 0 });
  // pooled p95s far apart (one slow run's tail), the runs' own p95s close: the judged error is the runs'
  const summary = (pooledP95: number, ownP95: number): RunSummary => ({
    replications: 3, makespan_s: stat(10), throughput_images_per_s: stat(1),
    latency_s: Object.fromEntries(['serving', 'queue_wait', 'total'].map((k) => [k, { p50: 1, p95: pooledP95 }])),
    latency_s_across_replications: Object.fromEntries(['serving', 'queue_wait', 'total'].map((k) => [k, { p50: stat(1), p95: stat(ownP95) }])),
    gpu: { mean_utilization: stat(0.5) }, retries: stat(0),
  }) as unknown as RunSummary;
  const byName = Object.fromEntries(metrics(summary(4, 3), summary(3, 3.15)).map((m) => [m.name, m]));
  const e2e = byName.end_to_end_p95!;
  assert.ok(Math.abs(e2e.rel! - 0.05) < 1e-12, 'judged on the mean of the runs\' own p95');
  assert.ok(Math.abs(e2e.pooled!.rel! + 0.25) < 1e-12, 'the pooled p95\'s error beside it');
  assert.is(byName.makespan!.pooled, undefined);
  assert.match(errorTable(Object.values(byName)), /\| end_to_end_p95 \| 3.00 \| 0.0 % \| 3.15 \| \+5.0 % \| <= 10 % ok \| 4.00 \/ 3.00 \(-25.0 %\) \|/);
});

test('compare: each run against its own calibration, one row per run', () => {
  const summary = (makespan: number, retries: number): RunSummary => ({
    makespan_s: { mean: makespan }, throughput_images_per_s: { mean: 1 },
    latency_s: { serving: { p50: 1, p95: 1 }, queue_wait: { p50: 1, p95: 1 }, total: { p50: 2, p95: 3 } },
    gpu: { mean_utilization: { mean: 0.5 } }, retries: { mean: retries },
  }) as unknown as RunSummary;
  const table = perRunTable([{ live: summary(10, 100), simulated: summary(11, 90) }, { live: summary(20, 0), simulated: summary(19, 2) }]);
  const lines = table.split('\n');
  assert.is(lines.length, 4);
  assert.match(lines[2]!, /^\| 1 \| 10.00 \/ 11.00 \(\+10.0 %\) \| 2.00 \/ 2.00 \(\+0.0 %\) \| 3.00 \/ 3.00 \(\+0.0 %\) \| 100 \/ 90.00 \(-10.0 %\) \|$/);
  assert.match(lines[3]!, /^\| 2 \| 20.00 \/ 19.00 \(-5.0 %\) .* \| 0.00 \/ 2.00 \(2.00 abs\) \|$/);
});

test('kiosk-sim live: a scenario the live kiosk cannot build is one clear error, exit 2, before any process starts', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'sim/cli/main.ts', 'live', 'scenarios/examples/quick.yaml'], { encoding: 'utf8', timeout: 60_000 });
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /^kiosk-sim: scenarios\/examples\/quick.yaml: serving.batching.num_batch_threads: the live kiosk needs 1 \(TF.js computes one batch at a time\), found 2\n$/);
  assert.not.match(r.stderr, /at .*\.ts:\d+/);
  assert.is(r.stdout, '');
});

test.run();
