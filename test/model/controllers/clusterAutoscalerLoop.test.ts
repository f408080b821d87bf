import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Priority } from '../../../sim/engine/index.ts';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { NodeList } from '../../../sim/model/cluster/nodeList.ts';
import type { ClusterNode } from '../../../sim/model/cluster/node.ts';
import type { NodePoolConfig } from '../../../sim/model/config.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

// the loop keeps its node views and scale-down simulation while the cluster's nodes version stays the
// same: every field a view shows that can change must change the version
const pool = { preemptible: true, machine: { cpu: 2, memoryBytes: 7.5 * 2 ** 30, gpus: 0 } } as unknown as NodePoolConfig;

/** What the autoscaler's node views show that can change: the list, each node's state, pods and request time. */
const shown = (nodes: readonly ClusterNode[]) => nodes.map((n) => `${n.id}:${n.state}:${n.podsVersion}:${n.requestedAt}`).join(' ');

test('NodeList: adding, removing and setting a state change the version', () => {
  const list = new NodeList();
  const v0 = list.version;
  const a = list.create('consumer', pool);
  assert.is.not(list.version, v0, 'create');
  const v1 = list.version;
  list.setState(a, 'running');
  assert.is(a.state, 'running');
  assert.is.not(list.version, v1, 'setState');
  const v2 = list.version;
  list.remove(a);
  assert.is.not(list.version, v2, 'remove');
});

test('the cluster\'s nodes version changes whenever what the node views show changes (a run with scale-up, scale-down and preemptions)', () => {
  const cfg = dynamicConfig({ images: 3000, startDelay: 1, gpuMax: 4, preemption: { model: 'exponential', meanLifetime: 900, notice: 30, grace: 25, cap: 86400 }, zones: 2, seed: 3 });
  const ctx = new KioskContext(cfg, 3);
  let lastShown = '';
  let lastVersion = NaN;
  let changes = 0;
  let quiet = 0;
  // a look after every other event at each half second: a change seen is a change of the version
  ctx.sim.every(0.5, () => {
    const now = shown(ctx.cluster.nodes);
    const version = ctx.cluster.nodesVersion;
    if (now !== lastShown) {
      assert.is.not(version, lastVersion, `at ${ctx.sim.now} s the nodes show ${now} (were ${lastShown}) under the same version`);
      changes++;
    } else if (version === lastVersion) quiet++;
    lastShown = now;
    lastVersion = version;
  }, 0, Priority.LATE);
  const outcome = ctx.run();
  assert.ok(outcome.completed, outcome.reason);
  assert.ok(ctx.counters.preemptions > 0, 'preemptions happened');
  assert.ok(changes > 50, `${changes} changes seen`);
  assert.ok(quiet > changes, `the version stayed for most looks (${quiet} of ${quiet + changes})`);
});

test.run();
