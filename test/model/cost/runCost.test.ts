import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeList } from '../../../sim/model/cluster/nodeList.ts';
import { RunCost } from '../../../sim/model/cost/runCost.ts';
import { configFrom } from '../../support/configFrom.ts';

test('a node is billed from its VM creation to its stop at the pool price; data costs add on', () => {
  const cfg = configFrom({
    cluster: { pools: { gpu: { preemptible: true } } },
    cost: { prices: { machines: { 'n1-highmem-2': { on_demand: 1, preemptible: 0.5 } }, gpus: { V100: { on_demand: 3, preemptible: 2 } } } },
  });
  const cost = new RunCost(cfg);
  const node = new NodeList().create('gpu', cfg.cluster.pools.gpu);
  cost.vmCreated(node, 0);
  cost.vmStopped(node, 7200);
  const b = cost.breakdown(7200, 0);
  assert.ok(Math.abs(b.gpu_nodes - 2 * (0.5 + 2)) < 1e-9, `2 h at $2.5/h, got ${b.gpu_nodes}`);
  assert.is(b.cpu_nodes, 0);
  assert.ok(Math.abs(b.total - (b.gpu_nodes + b.storage + b.operations + b.storage_egress + b.egress)) < 1e-9);
  assert.ok(cost.breakdown(7200, 1000).total > b.total, 'finished images cost storage and operations');
  assert.is(cost.gpuNodeSeconds(7200), 7200);
  assert.ok(Math.abs(cost.totalAt(7200, 1000) - cost.breakdown(7200, 1000).total) < 1e-12);
});

test('a node still up is billed to the time asked', () => {
  const cfg = configFrom();
  const cost = new RunCost(cfg);
  const node = new NodeList().create('consumer', cfg.cluster.pools.consumer);
  cost.vmCreated(node, 0);
  assert.ok(cost.breakdown(3600, 0).cpu_nodes > 0);
  assert.ok(cost.breakdown(7200, 0).cpu_nodes > cost.breakdown(3600, 0).cpu_nodes);
});

test.run();
