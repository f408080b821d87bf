import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../sim/scenario/load.ts';
import { allocatableFor, gkeReservedCpu, gkeReservedMemory } from '../../sim/scenario/machines.ts';
import { scenarioSchema } from '../../sim/scenario/schema.ts';
import { DEFAULTS } from '../../sim/scenario/defaults.ts';
import { PRESETS } from '../../sim/scenario/presets.ts';
import type { DistributionSpec } from '../../sim/engine/distributions.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const cell = (name: string) => path.join(here, '..', '..', 'scenarios', 'paper', `${name}.yaml`);
const GiB = 2 ** 30;
const MiB = 2 ** 20;

const c2020 = loadScenario(cell('2020-8gpu-0.5s-1m')).config;
const c2019 = loadScenario(cell('2019-8gpu-0.5s-1m')).config;

test('every preset is valid against the schema on its own', () => {
  for (const [name, preset] of Object.entries(PRESETS)) {
    const r = scenarioSchema.safeParse(preset);
    assert.ok(r.success, `${name}: ${r.success ? '' : JSON.stringify(r.error.issues[0])}`);
  }
  assert.ok(scenarioSchema.safeParse(DEFAULTS).success);
});

test('queues and put-back sleep: segmentation/0.5 s (2020) vs predict/0 (2019)', () => {
  assert.equal(c2020.redis.queues, { image: 'segmentation', zip: 'segmentation-zip' });
  assert.equal(c2019.redis.queues, { image: 'predict', zip: 'predict-zip' });
  assert.is(c2020.redis.putBackSleep, 0.5);
  assert.is(c2019.redis.putBackSleep, 0);
  assert.is(c2020.redis.emptyQueueSleep, 5);
  assert.is(c2019.redis.emptyQueueSleep, 5);
});

test('janitor every 5 s, stale after 15 s', () => {
  assert.equal(c2020.redis.janitor, { enabled: true, interval: 5, staleAfter: 15 });
});

test('batching 128 / 1 s with tiling (2020) vs 1 / 0 whole image (2019)', () => {
  assert.equal(c2020.serving.batching, { enabled: true, maxBatchSize: 128, batchTimeout: 1, maxEnqueuedBatches: 512, numBatchThreads: 2 });
  assert.is(c2019.serving.batching.maxBatchSize, 1);
  assert.is(c2019.serving.batching.batchTimeout, 0);
  assert.equal(c2020.serving.tiling, { enabled: true, tileSize: 256, strideFraction: 0.75, tilesPerRequest: 16 });
  assert.is(c2019.serving.tiling.enabled, false);
});

test('gRPC deadline 20 s, backoff 3 s, retry for ever, no client-side call cost or retry lateness, in both eras', () => {
  for (const c of [c2020, c2019]) {
    assert.equal(c.serving.grpc, { deadline: 20, retryBackoff: 3, maxRetries: 0, callOverhead: { kind: 'constant', value: 0 }, callOverheadBefore: 0.5, retryLateness: { kind: 'constant', value: 0 } });
  }
});

test('the live-validation mechanisms are off in both eras (today\'s model)', () => {
  for (const c of [c2020, c2019]) {
    assert.is(c.serving.residualCorrelation, 0);
    assert.is(c.redis.emptyPollRoundTrips, 0);
    assert.equal(c.redis.emptyPollJitter, { kind: 'constant', value: 0 });
    assert.is(c.redis.retryInterval, 0);
    assert.is(c.consumers.image.statusUpdates, 0);
    assert.equal(c.faults, []);
  }
});

test('serving profiles: PanopticNet 2020, feature-net 2019', () => {
  assert.is(c2020.serving.serviceTime.kind, 'profile');
  assert.is(c2019.serving.serviceTime.kind, 'profile');
  if (c2020.serving.serviceTime.kind === 'profile') assert.is(c2020.serving.serviceTime.profile.model, 'panoptic');
  if (c2019.serving.serviceTime.kind === 'profile') assert.is(c2019.serving.serviceTime.profile.model, 'featurenet');
});

test('pod requests: tf-serving 1 CPU / 3.5 GiB / 1 GPU, consumers 300m/256Mi and 200m/128Mi', () => {
  assert.equal(c2020.serving.resources, { cpu: 1, memoryBytes: 3.5 * GiB, gpu: 1 });
  assert.equal(c2020.consumers.image.resources, { cpu: 0.3, memoryBytes: 256 * MiB, gpu: 0 });
  assert.equal(c2020.consumers.zip.resources, { cpu: 0.2, memoryBytes: 128 * MiB, gpu: 0 });
});

test('node pools: n1-highmem-2 + preemptible V100; consumers n1-standard-2 (2020) vs n1-standard-8 (2019)', () => {
  const g = c2020.cluster.pools.gpu;
  assert.is(g.machine.name, 'n1-highmem-2');
  assert.is(g.machine.gpus, 1);
  assert.is(g.machine.gpuType, 'V100');
  assert.is(g.preemptible, true);
  assert.is(g.min, 0);
  assert.is(g.max, 8);
  assert.is(c2020.cluster.pools.consumer.machine.name, 'n1-standard-2');
  assert.is(c2019.cluster.pools.consumer.machine.name, 'n1-standard-8');
  assert.is(c2020.cluster.pools.consumer.preemptible, true);
  assert.is(c2020.cluster.pools.default.machine.name, 'n1-standard-4');
  assert.is(c2020.cluster.pools.default.preemptible, false);
  assert.is(c2020.cluster.zones, 2);
});

test('consumer metric constants: 0.75 x 0.15 = 0.1125 (2020), 0.9 x 0.15 = 0.135 (2019); zip target 2 vs 1', () => {
  const i20 = c2020.autoscaling.imageConsumer;
  const i19 = c2019.autoscaling.imageConsumer;
  assert.ok(Math.abs(i20.overloadFactor * i20.target - 0.1125) < 1e-12);
  assert.ok(Math.abs(i19.overloadFactor * i19.target - 0.135) < 1e-12);
  assert.equal({ ...i20, overloadFactor: 0 }, { target: 0.15, min: 1, maxPerGpu: 150, consumersPerGpuLimit: 150, overloadFactor: 0 });
  assert.is(c2020.autoscaling.zipConsumer.target, 2);
  assert.is(c2019.autoscaling.zipConsumer.target, 1);
  assert.is(c2020.autoscaling.zipConsumer.maxPerGpu, 100);
  assert.is(c2020.autoscaling.serving.targetGpuPercent, 70);
});

test('Prometheus 15 s (2020) vs 30 s (2019); HPA legacy, 15 s sync, tolerance 0.1, 5 min', () => {
  assert.is(c2020.autoscaling.metrics.scrapeInterval, 15);
  assert.is(c2020.autoscaling.metrics.evalInterval, 15);
  assert.is(c2019.autoscaling.metrics.scrapeInterval, 30);
  assert.is(c2019.autoscaling.metrics.evalInterval, 30);
  const h = c2020.autoscaling.hpa;
  assert.is(h.mode, 'legacy');
  assert.is(h.syncPeriod, 15);
  assert.is(h.tolerance, 0.1);
  assert.is(h.downscaleStabilization, 300);
  assert.equal(h.behavior.scaleUp.policies, [{ type: 'Percent', value: 100, period: 15 }, { type: 'Pods', value: 4, period: 15 }]);
  assert.is(h.behavior.scaleDown.stabilizationWindow, 300);
  assert.is(c2020.autoscaling.kioskAutoscaler.interval, 5);
});

test('cluster autoscaler and preemption settings of sim/model/REFERENCE.md', () => {
  assert.equal(c2020.cluster.autoscaler, {
    enabled: true, scanInterval: 10, requestDelay: 5, maxProvisionTime: 900, scaleDownUnneeded: 600,
    scaleDownDelayAfterAdd: 600, utilizationThreshold: 0.5, maxBulkDelete: 10,
  });
  const p = c2020.cluster.preemption;
  assert.is(p.model, 'exponential');
  if (p.model === 'exponential') {
    assert.is(p.notice, 30);
    assert.is(p.grace, 15);
    assert.is(p.cap, 86400);
    // 5 of 48 V100s preempted before 23.5 h under a memoryless lifetime
    assert.ok(Math.abs(1 - Math.exp(-23.5 * 3600 / p.meanLifetime) - 5 / 48) < 1e-3);
  }
  const bathtub = loadScenario(cell('2020-8gpu-0.5s-1m'), ['cluster.preemption.model=bathtub']).config.cluster.preemption;
  assert.equal(bathtub, { model: 'bathtub', A: 0.414, b: 24.45 * 3600, tau1: 0.95 * 3600, tau2: 2761.2, notice: 30, grace: 15, cap: 86400 });
});

test('GPU node start ~9 min to allocatable; CPU nodes 3-4 min', () => {
  const g = c2020.cluster.pools.gpu;
  assert.is(g.provisioning.kind, 'lognormal');
  const mean = (d: DistributionSpec) => ('mean' in d ? d.mean : NaN);
  assert.is(mean(g.provisioning) + mean(g.gpuReadyDelay), 540);
  assert.equal(c2020.cluster.pools.consumer.provisioning, { kind: 'uniform', min: 180, max: 240 });
  assert.equal(c2020.cluster.pools.consumer.gpuReadyDelay, { kind: 'constant', value: 0 });
});

test('CrashLoopBackOff 10 s doubling to 5 min', () => {
  assert.equal(c2020.serving.restartBackoff, { initial: 10, max: 300, resetAfter: 600 });
  assert.is(c2020.serving.crashMtbf, Infinity);
});

test('prices of 2019-06: preemptible V100 node $0.765/h, on-demand $2.598/h', () => {
  const p = c2020.cost.prices;
  assert.ok(Math.abs(p.machines['n1-highmem-2']!.preemptible + p.gpus.V100!.preemptible - 0.765) < 1e-12);
  assert.ok(Math.abs(p.machines['n1-highmem-2']!.onDemand + p.gpus.V100!.onDemand - 2.598) < 1e-3);
  assert.equal(p.machines['n1-standard-2'], { onDemand: 0.095, preemptible: 0.02 });
  assert.equal(p.gpus.T4, { onDemand: 0.95, preemptible: 0.29 });
});

test('data-cost constants of the cost methodology', () => {
  assert.equal(
    { ...c2020.cost, prices: undefined },
    { prices: undefined, storagePerGbMonth: 0.026, storageEgressPerGb: 0.12, operationsPer10k: 0.054, interZoneEgressPerGb: 0.01 },
  );
});

test('workload: 1280x1080, 1.5 MB images, 5.6 kB results, zips of 100, paced START_DELAY', () => {
  const w = c2020.workload;
  assert.equal({ ...w, arrival: undefined }, { images: 1_000_000, imagesPerZip: 100, imageWidth: 1280, imageHeight: 1080, imageBytes: 1.5e6, resultBytes: 5600, arrival: undefined });
  assert.equal(w.arrival, { kind: 'paced', startDelay: 0.5 });
});

test('GKE allocatable: n1-highmem-2 and n1-standard-2 nodes', () => {
  assert.ok(Math.abs(gkeReservedCpu(2) - 0.07) < 1e-12);
  assert.ok(Math.abs(gkeReservedMemory(7.5 * GiB) - (1.7 * GiB + 100 * MiB)) < 1);
  const hm2 = allocatableFor('n1-highmem-2')!;
  assert.ok(hm2.cpu >= 1 && hm2.memoryBytes >= 3.5 * GiB, 'one tf-serving pod fits');
  const s2 = allocatableFor('n1-standard-2')!;
  assert.is(Math.floor(s2.cpu / 0.3), 5); // (2 - 0.07 - 0.2) / 0.3 = 5.77 consumers per node
  assert.equal(c2020.cluster.pools.gpu.machine.cpu, hm2.cpu);
});

test.run();
