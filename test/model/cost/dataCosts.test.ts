import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dataCosts } from '../../../sim/model/cost/dataCosts.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} vs ${b}`);

test('data costs: 1M images over 330 min, 2 zones (reference: extra ~ $11.7, inter-zone ~ $165)', () => {
  const d = dataCosts({ images: 1e6, runMinutes: 330, zones: 2 });
  // storage = 0.026 x 1e6 x 0.0015056 x 330/43200 x 0.5 = 0.14952
  close(d.storage, 0.026 * 1e6 * 0.0015056 * (330 / 43200) * 0.5);
  close(d.storageEgress, 0.672); // 0.12 x 5.6e-6 x 1e6
  close(d.operations, 10.854); // 5.4e-6 x 201 x 10,000 zips
  close(d.interZoneEgress, 165.15072); // 0.01 x 0.5 x 1e6 x 3 x 0.011010048
  assert.ok(Math.abs(d.extraData - 11.7) < 0.05, `${d.extraData}`);
  assert.ok(Math.abs(d.interZoneEgress - 165) < 0.5);
});
test('data costs: one zone has no inter-zone egress; three zones carry two thirds', () => {
  assert.is(dataCosts({ images: 1e6, runMinutes: 330, zones: 1 }).interZoneEgress, 0);
  close(dataCosts({ images: 1e6, runMinutes: 330, zones: 3 }).interZoneEgress, 0.01 * (2 / 3) * 1e6 * 3 * 0.011010048);
  assert.throws(() => dataCosts({ images: 1, runMinutes: 1, zones: 0 }));
});
test('data costs scale: storage with run time, operations with zip size', () => {
  const a = dataCosts({ images: 1e4, runMinutes: 60, zones: 2 });
  const b = dataCosts({ images: 1e4, runMinutes: 120, zones: 2 });
  close(b.storage, 2 * a.storage);
  close(b.operations, a.operations);
  // 10 images per zip: (2 x 10 + 1) x 1000 zips = 21,000 ops vs 20,100 with 100 per zip.
  close(dataCosts({ images: 1e4, runMinutes: 60, zones: 2, imagesPerZip: 10 }).operations, 5.4e-6 * 21_000);
  close(a.operations, 5.4e-6 * 20_100);
});
test.run();
