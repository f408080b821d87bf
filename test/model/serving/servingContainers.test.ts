import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NewPod, ServingPod } from '../../../sim/model/cluster/pod.ts';
import { ServingContainers } from '../../../sim/model/serving/servingContainers.ts';
import type { TfServingServer } from '../../../sim/model/serving/tfServingPod.ts';
import { configFrom } from '../../support/configFrom.ts';
import { runBasics } from '../../support/runBasics.ts';

const base = (id: number): NewPod => ({ id, name: `tf-serving-${id}`, phase: 'pending', createdAt: 0, runningAt: NaN, node: -1, timer: null, restarts: 0 });

function world(overrides = {}) {
  const run = runBasics(configFrom({ serving: { model_load: { kind: 'constant', value: '20s' }, crash_mtbf: 'never', ...overrides } }));
  const endpoints: TfServingServer[] = [];
  const serving = new ServingContainers(run, endpoints, () => 1);
  return { run, endpoints, serving };
}

test('a started container is an endpoint at once (no readiness probe) and ready after the model load', () => {
  const { run, endpoints, serving } = world();
  const pod = serving.create(base(0)) as ServingPod;
  assert.equal(serving.pods, [pod]);
  pod.phase = 'running';
  serving.started(pod);
  assert.is(endpoints.length, 1);
  assert.is(endpoints[0]!.state, 'loading');
  run.sim.run({ until: 20.001 });
  assert.is(endpoints[0]!.state, 'ready');
  assert.ok(serving.hasProcess(pod));
});

test('stopping leaves the endpoints; kill stops the server; gone forgets the pod and keeps its busy time', () => {
  const { run, endpoints, serving } = world();
  const pod = serving.create(base(3)) as ServingPod;
  pod.phase = 'running';
  serving.started(pod);
  run.sim.run({ until: 30 });
  serving.stopping(pod);
  assert.is(endpoints.length, 0);
  assert.ok(pod.server, 'the server still runs through the grace period');
  serving.kill(pod);
  assert.is(pod.server, null);
  assert.not.ok(serving.hasProcess(pod));
  serving.gone(pod);
  assert.equal(serving.pods, []);
  assert.is(serving.gpuBusyUntilNow(), 0, 'no request was served: no busy time');
});

test('a crash puts the container in back-off, then it restarts and loads the model again', () => {
  const { run, endpoints, serving } = world({ crash_mtbf: '10m', restart_backoff: { initial: '10s', max: '5m', reset_after: '10m' } });
  const pod = serving.create(base(1)) as ServingPod;
  pod.phase = 'running';
  serving.started(pod);
  run.sim.run({ until: 3600 });
  const crashes = run.events.filter((e) => e.kind === 'pod_crash');
  const restarts = run.events.filter((e) => e.kind === 'pod_restart');
  assert.ok(crashes.length >= 1, 'an hour at a 10 min MTBF crashes');
  assert.is(run.counters.crashes, crashes.length);
  assert.is(pod.restarts, crashes.length);
  assert.ok(restarts.length >= crashes.length - 1);
  assert.ok(restarts[0]!.t - crashes[0]!.t >= 10, 'restarted after the back-off');
  if (pod.phase === 'running') assert.is(endpoints.length, 1);
});

test.run();
