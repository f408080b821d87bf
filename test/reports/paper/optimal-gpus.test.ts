import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IMAGE_MBIT, optimalGpus, roundHalfEven } from '../../../reports/paper/optimal-gpus.ts';

test('one 1280 x 1080 8-bit image is 11.0592 Mbit, the constant of the figure code', () => {
  assert.ok(Math.abs(IMAGE_MBIT - 11.0592) < 1e-12);
});

test('optimal GPUs = max(1, round(U / (P x 11.0592) - 0.5)) at the benchmark speeds', () => {
  assert.is(optimalGpus(2400, 5), 43); // 2400 / 55.296 = 43.40 -> 42.90 -> 43
  assert.is(optimalGpus(240, 5), 4); // 4.34 -> 3.84 -> 4
  assert.is(optimalGpus(240, 10), 2); // 2.17 -> 1.67 -> 2
  assert.is(optimalGpus(100, 10), 1); // 0.90 -> 0.40 -> 0, floored at 1
});

test('halves round to even, as Python 3 round() in the figure code', () => {
  assert.is(roundHalfEven(2.5), 2);
  assert.is(roundHalfEven(3.5), 4);
  assert.is(roundHalfEven(-0.5), -0);
  assert.is(roundHalfEven(2.4999), 2);
  // U / (P x 11.0592) = 3 exactly -> round(2.5) = 2 (JavaScript's Math.round would say 3)
  assert.is(optimalGpus(3 * 11.0592 * 4, 4), 2);
});

test.run();
