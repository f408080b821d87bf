import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kioskThroughput, secondsPerKioskImage } from '../../calibrate/throughput.ts';

const fit = (a: number, b: number, tilePixels: number) =>
  ({ form: 'affine-batch-pixels', a, b, tilePixels, rmseSeconds: 0, maxRelativeError: 0, method: 'x' }) as const;

test('a 2020 image is three requests of 16, 16 and 10 tiles', () => {
  assert.ok(Math.abs(secondsPerKioskImage({ model: 'panoptic', fit: fit(0.01, 0.001, 65536) }) - (0.03 + 0.042)) < 1e-12);
});

test('a 2019 image is one whole-image batch; megapixels/s counts 1280x1080 per image', () => {
  const t = kioskThroughput({ model: 'featurenet', fit: fit(0, 0.5, 1280 * 1080) });
  assert.ok(Math.abs(t.imagesPerSecond - 2) < 1e-12);
  assert.ok(Math.abs(t.megapixelsPerSecond - 2 * 1.3824) < 1e-12);
});

test.run();
