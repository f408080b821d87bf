import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../sim/engine/index.ts';
import { TfServingServer, type PredictRequest } from '../../../sim/model/serving/tfServingPod.ts';
import type { BatchingConfig } from '../../../sim/model/config.ts';
import { requestSizes, tileCount, tilesPerAxis } from '../../../sim/model/serving/tiling.ts';

const batching2020: BatchingConfig = { enabled: true, maxBatchSize: 128, batchTimeout: 1, maxEnqueuedBatches: 512, numBatchThreads: 2 };

function setup(b: BatchingConfig, perTask = 0.01, fixed = 0.1) {
  const sim = new Simulation();
  const sizes: number[] = [];
  const server = new TfServingServer(sim, 0, b, (size) => {
    sizes.push(size);
    return fixed + perTask * size;
  });
  server.state = 'ready';
  const done: [number, number][] = [];
  const req = (id: number, size: number): PredictRequest => ({ size, abandoned: false, enqueuedAt: NaN, onResponse: () => done.push([id, sim.now]), onLost: () => done.push([id, -1]) });
  return { sim, server, sizes, done, req };
}

test('a batch runs when full (128 tiles = 8 requests of 16)', () => {
  const { sim, server, sizes, done, req } = setup(batching2020);
  for (let i = 0; i < 8; i++) assert.ok(server.submit(req(i, 16)));
  sim.run();
  assert.equal(sizes, [128]);
  assert.is(done.length, 8);
  assert.ok(Math.abs(done[0]![1] - (0.1 + 1.28)) < 1e-12, 'no timeout wait for a full batch');
});

test('a partial batch waits for batch_timeout (1 s) from its first task', () => {
  const { sim, server, sizes, done, req } = setup(batching2020);
  server.submit(req(0, 16));
  sim.schedule(0.4, () => server.submit(req(1, 10)));
  sim.run();
  assert.equal(sizes, [26]);
  assert.ok(Math.abs(done[0]![1] - (1 + 0.1 + 0.26)) < 1e-12);
});

test('a task that does not fit closes the open batch and opens a new one (no splitting)', () => {
  const { sim, server, sizes, req } = setup(batching2020);
  for (let i = 0; i < 7; i++) server.submit(req(i, 16)); // 112
  server.submit(req(7, 20)); // 132 > 128: closes the 112 batch
  sim.run();
  assert.equal(sizes, [112, 20]);
});

test('batch_timeout 0: whatever is queued runs as soon as the GPU is free (2019)', () => {
  const { sim, server, sizes, req } = setup({ enabled: true, maxBatchSize: 1, batchTimeout: 0, maxEnqueuedBatches: 512, numBatchThreads: 2 });
  for (let i = 0; i < 3; i++) server.submit(req(i, 1));
  sim.run();
  assert.equal(sizes, [1, 1, 1]);
  assert.ok(Math.abs(sim.now - 3 * 0.11) < 1e-12);
});

test('refuses requests while the model loads (no readiness probe) and when max_enqueued_batches is reached', () => {
  const { server, req } = setup({ enabled: false, maxBatchSize: 1, batchTimeout: 0, maxEnqueuedBatches: 2, numBatchThreads: 1 });
  server.state = 'loading';
  assert.not.ok(server.submit(req(0, 1)));
  server.state = 'ready';
  assert.ok(server.submit(req(1, 1))); // starts running at once
  assert.ok(server.submit(req(2, 1)));
  assert.ok(server.submit(req(3, 1)));
  assert.not.ok(server.submit(req(4, 1)), 'third waiting batch refused');
  assert.is(server.refused, 2);
});

test('abandoned requests (client deadline passed) still occupy the GPU', () => {
  const { sim, server, req, sizes } = setup(batching2020);
  const r = req(0, 16);
  server.submit(r);
  r.abandoned = true;
  sim.run();
  assert.equal(sizes, [16]);
  assert.is(server.abandonedTasksRun, 16);
});

test('stop() loses queued and running work and reports it', () => {
  const { sim, server, req } = setup(batching2020);
  for (let i = 0; i < 9; i++) server.submit(req(i, 16));
  sim.run({ until: 0.5 });
  const lost = server.stop();
  assert.is(lost.length, 9);
  assert.is(server.state, 'down');
  assert.ok(server.busyUntilNow() > 0.49 && server.busyUntilNow() <= 0.5 + 1e-12);
});

test('tiling: 1280 x 1080 at 256 px, stride 192 -> 7 x 6 = 42 tiles -> requests of 16, 16, 10', () => {
  assert.is(tilesPerAxis(1280, 256, 0.75), 7);
  assert.is(tilesPerAxis(1080, 256, 0.75), 6);
  assert.is(tileCount(1280, 1080, 256, 0.75), 42);
  assert.equal(requestSizes(42, 16), [16, 16, 10]);
  assert.is(tileCount(200, 200, 256, 0.75), 1);
});

test.run();
