import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { timePostprocess } from '../../../calibrate/postprocess/timing.ts';

test('timePostprocess returns one positive time per image, after the warm-up, and reports each', () => {
  const lines: string[] = [];
  const s = timePostprocess({ images: 3, seed: 1, height: 128, width: 160, minNuclei: 5, maxNuclei: 15, warmup: 1 }, (l) => lines.push(l));
  assert.is(s.length, 3);
  assert.ok(s.every((x) => x > 0 && x < 5));
  assert.is(lines.length, 3);
  assert.match(lines[0]!, /nuclei, found \d+/);
});

test.run();
