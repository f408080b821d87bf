import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeList } from '../../../sim/model/cluster/nodeList.ts';
import { NodeProvisioning } from '../../../sim/model/cluster/provisioning.ts';
import { Preemption } from '../../../sim/model/cluster/preemption.ts';
import { configFrom } from '../../support/configFrom.ts';
import { runBasics } from '../../support/runBasics.ts';

test('a requested GPU node: request delay, then the VM, boot, then the GPU driver', () => {
  const cfg = configFrom({
    cluster: {
      autoscaler: { request_delay: '5s' },
      pools: { gpu: { provisioning: { kind: 'constant', value: '100s' }, gpu_ready_delay: { kind: 'constant', value: '200s' } } },
    },
  });
  const run = runBasics(cfg);
  const list = new NodeList();
  const node = list.create('gpu', cfg.cluster.pools.gpu);
  const seen: string[] = [];
  new NodeProvisioning(run, list).start(node, {
    vmCreated: (n) => { n.state = 'provisioning'; seen.push(`vm ${run.sim.now}`); },
    running: (n) => { n.state = 'running'; seen.push(`running ${run.sim.now}`); },
  });
  run.sim.run({ until: 200 });
  assert.is(node.state, 'gpu-unready');
  assert.is(node.readyAt, 105, 'Ready after request delay + boot');
  run.sim.run();
  assert.equal(seen, ['vm 5', 'running 305']);
});

test('a CPU node runs as soon as it is Ready (no GPU driver)', () => {
  const cfg = configFrom({ cluster: { pools: { consumer: { provisioning: { kind: 'constant', value: '60s' } } } } });
  const run = runBasics(cfg);
  const list = new NodeList();
  const node = list.create('consumer', cfg.cluster.pools.consumer);
  let runningAt = NaN;
  new NodeProvisioning(run, list).start(node, { vmCreated: () => {}, running: () => (runningAt = run.sim.now) });
  run.sim.run();
  assert.is(runningAt, cfg.cluster.autoscaler.requestDelay + 60);
});

test('preemption: preemptible pools only; at the end of its life a node is drained with notice and grace', () => {
  const cfg = configFrom({ cluster: { preemption: { model: 'exponential', mean_lifetime: '1h', notice: '30s', grace: '15s' }, pools: { default: { preemptible: false } } } });
  const run = runBasics(cfg);
  const drains: [string, number, string, number, number][] = [];
  const p = new Preemption(run, (n, grace, reason, removeAfter) => drains.push([n.name, grace, reason, removeAfter, run.sim.now]));
  const list = new NodeList();
  const gpu = list.create('gpu', cfg.cluster.pools.gpu);
  const def = list.create('default', cfg.cluster.pools.default);
  gpu.state = def.state = 'running';
  p.arm(gpu);
  p.arm(def);
  assert.ok(gpu.preemption, 'a preemptible node has its preemption scheduled');
  assert.is(def.preemption, null, 'an on-demand node is never preempted');
  run.sim.run();
  assert.is(drains.length, 1);
  assert.equal(drains[0]!.slice(0, 4), ['gpu-node-0', 15, 'preempted', 30]);
  assert.ok(drains[0]![4] > 0 && drains[0]![4] <= 24 * 3600, 'within the 24 h cap');
  assert.is(run.counters.preemptions, 1);
  assert.is(run.events[0]!.kind, 'preemption');
});

test.run();
