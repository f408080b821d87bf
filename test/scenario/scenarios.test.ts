import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../sim/scenario/load.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    // *.plan.yaml are planner files (sim/plan), checked by test/plan/files.test.ts
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) && !e.name.endsWith('.plan.yaml') ? [p] : [];
  });
}

const files = yamlFiles(root);

test('scenarios/ holds the paper grid, examples and plans', () => {
  assert.ok(files.length >= 36 + 4, `found ${files.length} files`);
});

for (const file of files) {
  test(`${path.relative(root, file)} validates`, () => {
    const s = loadScenario(file);
    assert.ok(s.config.name.length > 0);
    assert.ok(s.config.workload.images >= 1);
  });
}

const grid = { gpus: [1, 4, 8], delays: ['0.5', '5.0'], sizes: [['10k', 10_000], ['100k', 100_000], ['1m', 1_000_000]] } as const;

for (const era of ['2020', '2019'] as const) {
  test(`the ${era} paper grid: 18 cells with their GPU max, START_DELAY, images and replications`, () => {
    let n = 0;
    for (const g of grid.gpus) {
      for (const d of grid.delays) {
        for (const [tag, images] of grid.sizes) {
          const s = loadScenario(path.join(root, 'paper', `${era}-${g}gpu-${d}s-${tag}.yaml`));
          assert.is(s.config.era, era);
          assert.is(s.config.cluster.pools.gpu.max, g);
          assert.equal(s.config.workload.arrival, { kind: 'paced', startDelay: Number(d) });
          assert.is(s.config.workload.images, images);
          assert.is(s.replications, images === 1_000_000 ? 1 : 3);
          n++;
        }
      }
    }
    assert.is(n, 18);
  });
}

test('the headline cell and its one-zone variant differ only in zones', () => {
  const head = loadScenario(path.join(root, 'paper', '2020-8gpu-0.5s-1m.yaml')).config;
  const one = loadScenario(path.join(root, 'plans', 'headline-1zone.yaml')).config;
  assert.is(head.cluster.zones, 2);
  assert.equal({ ...one, name: head.name, cluster: { ...one.cluster, zones: 2 } }, head);
});

test('textbook examples are ideal everywhere but the GPU', () => {
  for (const name of ['mm1', 'mmc', 'md1']) {
    const c = loadScenario(path.join(root, 'examples', `${name}.yaml`)).config;
    assert.is(c.storage.enabled, false);
    assert.is(c.redis.opLatency, 0);
    assert.is(c.redis.emptyQueueSleep, 0);
    assert.is(c.redis.janitor.enabled, false);
    assert.equal(c.consumers.image.preprocess, { kind: 'constant', value: 0 });
    assert.equal(c.consumers.image.postprocess, { kind: 'constant', value: 0 });
    assert.is(c.serving.batching.enabled, false);
    assert.is(c.serving.tiling.enabled, false);
    assert.is(c.serving.grpc.deadline, Infinity);
    assert.is(c.autoscaling.policy, 'fixed');
    assert.is(c.cluster.preemption.model, 'none');
    assert.equal(c.workload.arrival.kind, 'poisson');
  }
  const md1 = loadScenario(path.join(root, 'examples', 'md1.yaml')).config;
  assert.equal(md1.serving.serviceTime, { kind: 'distribution', perBatch: { kind: 'constant', value: 0.1 } });
  const mmc = loadScenario(path.join(root, 'examples', 'mmc.yaml')).config;
  assert.equal(mmc.autoscaling.fixed, { serving: 4, imageConsumers: 4, zipConsumers: 0 });
});

test.run();
