import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregateImages } from '../../../reports/run-dir/images.ts';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/reports/tiny-run');
const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-9, `${msg ?? ''} ${a} != ${b}`);

test('transfer time is 2 x (download + upload), as the paper computes it', async () => {
  const agg = await aggregateImages(path.join(TINY, 'images.csv'));
  const q = agg.metrics.transfer.quantiles; // values 0.3 i, i = 1..10
  assert.is(q.count, 10);
  close(q.min, 0.3);
  close(q.max, 3.0);
  close(q.mean, 1.65);
  close(q.p50, 1.65);
});

test('quantiles of serving times 1..10 follow R-7', async () => {
  const q = (await aggregateImages(path.join(TINY, 'images.csv'))).metrics.serving.quantiles;
  close(q.p50, 5.5);
  close(q.p90, 9.1);
  close(q.p95, 9.55);
  close(q.p99, 9.91);
  close(q.mean, 5.5);
});

test('histograms count every image once', async () => {
  const agg = await aggregateImages(path.join(TINY, 'images.csv'), 10);
  for (const m of ['transfer', 'serving', 'postprocess'] as const) {
    const h = agg.metrics[m].histogram;
    assert.is(h.bins.reduce((s, b) => s + b.count, 0) + h.overflow, 10, m);
  }
  const post = agg.metrics.postprocess.histogram;
  const binOf = (x: number) => post.bins.find((b) => x >= b.start && x < b.end)!;
  assert.is(binOf(0.5).count, 9, 'nine images took 0.5 s');
  assert.is(binOf(1.5).count, 1, 'one took 1.5 s');
  assert.is(post.overflow, 0);
});

test('per-replication image counts, last finish and retries', async () => {
  const agg = await aggregateImages(path.join(TINY, 'images.csv'));
  assert.is(agg.rows, 10);
  assert.equal(agg.replications, [
    { replication: 1, images: 6, last_finish_s: 100.5, retries: 2 },
    { replication: 2, images: 4, last_finish_s: 80.25, retries: 0 },
  ]);
});

test.run();
