import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ConsumerPod, NewPod } from '../../../sim/model/cluster/pod.ts';
import { ConsumerContainers } from '../../../sim/model/consumers/consumerContainers.ts';
import { runBasics } from '../../support/runBasics.ts';

const base = (id: number): NewPod => ({ id, name: `image-consumer-${id}`, phase: 'pending', createdAt: 0, runningAt: NaN, node: -1, timer: null, restarts: 0 });

test('consumer pods: listed on creation, loop started when the container is up, watched after deletion, pruned once gone and empty', () => {
  const run = runBasics();
  const started: string[] = [];
  const pods = {
    imagePods: [] as ConsumerPod[],
    zipPods: [] as ConsumerPod[],
    stoppedConsumers: [] as ConsumerPod[],
    startConsumer: (p: ConsumerPod) => {
      started.push(p.name);
      p.proc = run.sim.process((function* () { yield 1e9; })(), p.name);
    },
  };
  const c = new ConsumerContainers('image-consumer', run, pods);
  const a = c.create(base(0)) as ConsumerPod;
  const b = c.create(base(1)) as ConsumerPod;
  assert.equal(pods.imagePods, [a, b]);
  assert.equal(pods.zipPods, []);
  assert.is(a.holding, -1);
  run.sim.at(5, () => c.started(a));
  run.sim.run({ until: 5 });
  assert.equal(started, ['image-consumer-0']);
  assert.is(a.updatedAt, 5);
  assert.ok(c.hasProcess(a));
  assert.not.ok(c.hasProcess(b));
  c.deleted(a);
  assert.equal(pods.stoppedConsumers, [a]);
  c.kill(a);
  run.sim.run({ until: 6 });
  assert.ok(a.proc!.done, 'the loop process is killed');
  a.phase = 'gone';
  a.holding = 12; // its processing list still holds a key: kept for the janitor
  c.gone();
  c.prune();
  assert.equal(pods.imagePods, [a, b]);
  a.holding = -1;
  c.prune();
  assert.equal(pods.imagePods, [b]);
});

test.run();
