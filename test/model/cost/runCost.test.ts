import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeList } from '../../../sim/model/cluster/nodeList.ts';
import { RunCost } from '../../../sim/model/cost/runCost.ts';
import { requestBytesPerImage, runDataCosts, runDataCostsOf } from '../../../sim/model/cost/scenarioCosts.ts';
import { dataCosts, PAPER_DATA_COSTS } from '../../../sim/model/cost/dataCosts.ts';
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

test('the data costs worked out once per scenario are those of the scenario\'s settings, to the bit (1 and 2 zones, zips or not)', () => {
  for (const overrides of [{}, { cluster: { zones: 1 } }, { workload: { images_per_zip: 1 } }, { cost: { operations_per_10k: 0.07 } }]) {
    const cfg = configFrom(overrides);
    const of = runDataCostsOf(cfg);
    for (const [images, t] of [[0, 0], [1, 0.5], [100_000, 12_345.678], [1_000_000, 86_400]] as const) {
      const expected = dataCosts({
        images, runMinutes: t / 60, zones: cfg.cluster.zones, imageBytes: cfg.workload.imageBytes, resultBytes: cfg.workload.resultBytes,
        imagesPerZip: cfg.workload.imagesPerZip, requestBytesPerImage: requestBytesPerImage(cfg),
        constants: {
          ...PAPER_DATA_COSTS, storagePerGbMonth: cfg.cost.storagePerGbMonth, storageEgressPerGb: cfg.cost.storageEgressPerGb,
          classAPer10k: cfg.cost.operationsPer10k, classBPer10k: 0, interZonePerGb: cfg.cost.interZoneEgressPerGb,
        },
      });
      const where = `${JSON.stringify(overrides)} at ${images} images, ${t} s`;
      assert.equal(of(images, t), expected, where);
      assert.equal(runDataCosts(cfg, images, t), expected, where);
    }
  }
});

test.run();
