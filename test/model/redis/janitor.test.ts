import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConsumerPod } from '../../../sim/model/cluster/pod.ts';
import { startJanitor } from '../../../sim/model/redis/janitor.ts';
import { runBasics } from '../../support/runBasics.ts';

const pod = (name: string, holding: number, phase: ConsumerPod['phase'], updatedAt = 0): ConsumerPod => ({
  id: 0, name, kind: 'image-consumer', phase, createdAt: 0, runningAt: 0, node: -1, timer: null, restarts: 0, proc: null, holding, updatedAt,
});

test('stale keys of stopped pods go back (unless finished); gone pods with empty lists are forgotten', () => {
  const run = runBasics();
  const requeued: [string, number][] = [];
  const stale = pod('a', 7, 'gone');
  const fresh = pod('b', 8, 'terminating', 100);
  const empty = pod('c', -1, 'gone');
  const state = {
    ...run,
    stoppedConsumers: [stale, fresh, empty],
    release: (p: ConsumerPod) => { p.holding = -1; },
    requeueUnlessFinished: (kind: string, key: number) => { requeued.push([kind, key]); },
  };
  startJanitor(run.sim, { enabled: true, interval: 10, staleAfter: 15 }, state as never);
  run.sim.run({ until: 20 });
  assert.equal(requeued, [['image-consumer', 7]], 'only the key untouched for over 15 s');
  assert.is(run.counters.requeued, 1);
  assert.equal(state.stoppedConsumers, [fresh], 'the terminating pod stays watched');
  run.sim.run({ until: 120 });
  assert.equal(requeued, [['image-consumer', 7], ['image-consumer', 8]]);
});

test('a disabled janitor schedules nothing', () => {
  const run = runBasics();
  startJanitor(run.sim, { enabled: false, interval: 10, staleAfter: 15 }, {} as never);
  assert.is(run.sim.pending, 0);
});

test.run();
