/**
 * Progress with the simulated clock: the throttle, the batch's "slowest run under way", the reporter's plain lines,
 * and clock messages from a real run on a worker thread (which leave its result as it is).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../sim/scenario/load.ts';
import { runBatch, slowestInFlight, type BatchProgress, type InFlight } from '../../sim/sweep/batch.ts';
import { RunPool } from '../../sim/sweep/pool.ts';
import { stderrProgress } from '../../sim/sweep/progress.ts';
import { PROGRESS_INTERVAL_MS, throttledProgress, type RunProgress } from '../../sim/sweep/runProgress.ts';
import { InlineExecutor, type RunTask } from '../../sim/sweep/task.ts';
import { summarize } from '../../sim/results/summary.ts';
import { scenarioMeta } from '../../sim/results/meta.ts';

test('a run reports at most once per interval of wall time, and always when it is done', () => {
  let t = 0;
  const sent: RunProgress[] = [];
  const p = throttledProgress((x) => sent.push(x), () => t, 500);
  for (let i = 1; i <= 100; i++) {
    t = i * 40; // a model callback every 40 ms: 4 s in all
    p(i / 101, i * 60);
  }
  p(1, 6060);
  assert.is(sent.length, 8 + 1, sent.map((s) => s.fraction).join(' ')); // at once (0.04 s), 0.56 s, 1.08 s, ... 3.68 s, then the end
  assert.is(sent[0]!.simulated_s, 60, 'the first callback is passed on at once');
  assert.equal(sent.at(-1), { fraction: 1, simulated_s: 6060 });
  assert.ok(sent.every((s, k) => k === 0 || s.simulated_s > sent[k - 1]!.simulated_s));
});

test('the batch follows the run under way with the least done; finished and silent runs do not count', () => {
  const partial = Float64Array.from([1, 0.7, 0.2, 0]);
  const clocks = Float64Array.from([NaN, 7200, 1800, NaN]);
  assert.equal(slowestInFlight(partial, clocks), { slowest_s: 1800, runs: 2 });
  assert.is(slowestInFlight(partial, Float64Array.from([NaN, NaN, NaN, NaN])), undefined);
});

test('not a terminal: plain lines carry the simulated clock of the slowest run under way; the 100% line ends it', () => {
  const out: string[] = [];
  let t = 0;
  const p = stderrProgress('sweep', { isTTY: false, write: (s: string) => out.push(s) }, () => t);
  const flight = (s: number, runs: number): InFlight => ({ slowest_s: s, runs });
  p.update(0, 4, 0);
  t = 1000;
  p.update(0, 4, 0.1, flight(3720, 1));
  t = 2000;
  p.update(1, 4, 0.3, flight(5400, 3));
  t = 3000;
  p.update(4, 4, 1);
  p.stop();
  assert.equal(out, [
    'sweep: runs 0/4 done, 0%, elapsed 0s, ETA ?\n',
    'sweep: runs 0/4 done, 10%, sim clock 1h 2m, elapsed 1s, ETA 9s\n',
    'sweep: runs 1/4 done, 30%, sim clock 1h 30m (slowest of 3 under way), elapsed 2s, ETA 5s\n',
    'sweep: runs 4/4 done, 100%, elapsed 3s, ETA 0s\n',
  ]);
});

// ~0.8 M events: the model calls back every 200 000 events, so a run has three callbacks; the first is sent at
// once, so the thread's messages do not depend on how fast this host runs
const loaded = loadScenario('scenarios/examples/quick.yaml', ['workload.images=100000', 'autoscaling.fixed.image_consumers=60']);
const task: RunTask = { config: loaded.config, seed: 5, detail: 'summary' };

test('a run on a worker thread sends its simulated clock, throttled, and so does the in-process path; the results are equal', async () => {
  const pool = new RunPool(1);
  const got: { p: RunProgress; at: number }[] = [];
  const updates: (InFlight | undefined)[] = [];
  const batch: BatchProgress = { update: (_d, _t, _f, inFlight) => { updates.push(inFlight); }, stop() {} };
  try {
    const [threaded] = await runBatch([task], { run: (t, on) => pool.run(t, (p) => { got.push({ p, at: performance.now() }); on?.(p); }), close: () => pool.close() }, batch);
    assert.ok(got.length >= 1, 'at least one clock message from the thread');
    for (const [k, { p, at }] of got.entries()) {
      assert.ok(p.simulated_s > 0 && p.fraction > 0 && p.fraction < 1, JSON.stringify(p));
      if (k > 0) {
        assert.ok(p.simulated_s >= got[k - 1]!.p.simulated_s, 'the clock never goes back');
        assert.ok(at - got[k - 1]!.at > PROGRESS_INTERVAL_MS * 0.8, 'throttled in the thread');
      }
    }
    assert.ok(updates.some((u) => u && u.runs === 1 && u.slowest_s === got[0]!.p.simulated_s), 'the batch passes the clock on');
    const inlineUpdates: (InFlight | undefined)[] = [];
    const [inline] = await runBatch([task], new InlineExecutor(), { update: (_d, _t, _f, inFlight) => { inlineUpdates.push(inFlight); }, stop() {} });
    assert.ok(inlineUpdates.some((u) => u && u.slowest_s > 0), 'the in-process path (-j 1) reports the clock too');
    const summary = (r: typeof inline) => { const s = summarize('quick', [r!], scenarioMeta(loaded.config)); return JSON.stringify({ ...s, engine: { ...s.engine, wall_s: 0, events_per_s: 0 } }); };
    assert.is(summary(threaded), summary(inline));
  } finally {
    await pool.close();
  }
});

test.run();
