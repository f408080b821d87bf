import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { consecutiveCrashes, restartDelay } from '../../../sim/model/cluster/crashLoop.ts';
import { runOne } from '../../../sim/results/runScenario.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

const cfg = { initial: 10, max: 300, resetAfter: 600 };

test('CrashLoopBackOff: 10 s doubling to 5 min', () => {
  assert.equal([1, 2, 3, 4, 5, 6, 7, 12].map((k) => restartDelay(k, cfg)), [10, 20, 40, 80, 160, 300, 300, 300]);
  assert.throws(() => restartDelay(0, cfg), /crash count/);
});

test('the count resets after 10 min of running', () => {
  assert.is(consecutiveCrashes(4, 599, cfg), 5);
  assert.is(consecutiveCrashes(4, 600, cfg), 1);
});

test('tf-serving crashes in a run: restarts follow the back-off, lost requests are retried, nothing is lost', () => {
  const c = dynamicConfig({ images: 2000, startDelay: 2, gpuMax: 2, policy: 'fixed', crashMtbf: 60 });
  c.cluster.autoscaler.enabled = false;
  const r = runOne(c, 5);
  assert.ok(r.completed, r.reason);
  assert.is(r.record.completed, 2000);
  assert.ok(r.counters.crashes! >= 3, `crashes: ${r.counters.crashes}`);
  // per pod: crash at c_i, restart at c_i + delay(k_i); k resets when the container ran >= 600 s
  const byPod = new Map<string, { t: number; kind: string }[]>();
  for (const e of r.events) if (e.kind === 'pod_crash' || e.kind === 'pod_restart') (byPod.get(e.target) ?? byPod.set(e.target, []).get(e.target)!).push(e);
  let checked = 0;
  for (const evs of byPod.values()) {
    let k = 0;
    let startedAt = NaN;
    for (let i = 0; i < evs.length; i++) {
      const e = evs[i]!;
      if (e.kind !== 'pod_crash') {
        startedAt = e.t;
        continue;
      }
      k = Number.isNaN(startedAt) ? k + 1 : consecutiveCrashes(k, e.t - startedAt, cfg);
      const next = evs[i + 1];
      if (!next) continue;
      assert.is(next.kind, 'pod_restart');
      assert.ok(Math.abs(next.t - e.t - restartDelay(k, cfg)) < 1e-9, `restart after ${next.t - e.t} s, expected ${restartDelay(k, cfg)}`);
      checked++;
    }
  }
  assert.ok(checked >= 3);
  assert.ok(r.counters.retries! > 0, 'requests to a crashed or loading server are retried');
});

test.run();
