import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deepWatershed, findMarkers } from '../../../calibrate/postprocess/deepWatershed.ts';
import { gaussianBlur, maxFilter } from '../../../calibrate/postprocess/filters.ts';
import { syntheticImage } from '../../../calibrate/postprocess/synthetic.ts';
import { labelComponents, markerWatershed, removeSmallObjects } from '../../../calibrate/postprocess/watershed.ts';

test('maxFilter takes the maximum over the (2r+1) square, clipped at the edges', () => {
  const img = new Float32Array(25);
  img[12] = 5; // centre of 5x5
  const m = maxFilter(img, 5, 5, 1);
  assert.is(m[6], 5); assert.is(m[18], 5); assert.is(m[0], 0); assert.is(m[24], 0);
  assert.is(maxFilter(img, 5, 5, 2)[0], 5);
});

test('gaussianBlur keeps a constant image and the total of an interior impulse', () => {
  const flat = new Float32Array(100).fill(2);
  assert.ok(gaussianBlur(flat, 10, 10, 1.5).every((v) => Math.abs(v - 2) < 1e-5));
  const impulse = new Float32Array(21 * 21);
  impulse[10 * 21 + 10] = 1;
  const sum = gaussianBlur(impulse, 21, 21, 1).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 1) < 1e-5);
});

test('labelComponents uses 8-connectivity', () => {
  const b = Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]); // a diagonal: one component
  assert.is(labelComponents(b, 3, 3).count, 1);
  assert.is(labelComponents(Uint8Array.from([1, 0, 1, 0, 0, 0, 1, 0, 1]), 3, 3).count, 4);
});

test('markerWatershed splits two basins at the ridge and respects the mask', () => {
  // One row: elevation has minima at x=1 and x=7 and a ridge at x=4.
  const elevation = Float32Array.from([1, 0, 1, 2, 3, 2, 1, 0, 1]);
  const markers = new Int32Array(9);
  markers[1] = 1; markers[7] = 2;
  const labels = markerWatershed(elevation, markers, null, 1, 9);
  assert.equal(Array.from(labels.slice(0, 4)), [1, 1, 1, 1]);
  assert.equal(Array.from(labels.slice(5)), [2, 2, 2, 2]);
  const mask = Uint8Array.from([1, 1, 1, 0, 0, 0, 1, 1, 1]);
  assert.equal(Array.from(markerWatershed(elevation, markers, mask, 1, 9)), [1, 1, 1, 0, 0, 0, 2, 2, 2]);
});

test('removeSmallObjects drops small labels and renumbers', () => {
  const out = removeSmallObjects(Int32Array.from([3, 3, 3, 5, 0, 7, 7, 7]), 3);
  assert.is(out.count, 2);
  assert.equal(Array.from(out.labels), [1, 1, 1, 0, 0, 2, 2, 2]);
});

test('findMarkers finds one marker per isolated peak above the threshold', () => {
  const img = new Float32Array(40 * 40);
  for (const [y, x, v] of [[5, 5, 1], [30, 30, 0.5], [20, 5, 0.05]] as const) img[y * 40 + x] = v;
  assert.is(findMarkers(img, 40, 40, 3, 0.1).count, 2, 'the 0.05 peak is below the threshold');
});

/** Matches each true nucleus to the label covering most of it; returns the IoU of that match. */
function matchIoUs(truth: Int32Array, labels: Int32Array, count: number): number[] {
  const ious: number[] = [];
  for (let k = 1; k <= count; k++) {
    const votes = new Map<number, number>();
    let area = 0;
    truth.forEach((t, p) => { if (t === k) { area++; votes.set(labels[p]!, (votes.get(labels[p]!) ?? 0) + 1); } });
    let best = 0, overlap = 0;
    votes.forEach((v, l) => { if (l > 0 && v > overlap) { best = l; overlap = v; } });
    let labelArea = 0;
    labels.forEach((l) => { if (l === best && best > 0) labelArea++; });
    ious.push(best ? overlap / (area + labelArea - overlap) : 0);
  }
  return ious;
}

test('deep watershed finds exactly the known nuclei on synthetic images, touching ones included', () => {
  for (const seed of [1, 2, 3, 4]) {
    const img = syntheticImage({ height: 256, width: 256, count: 30, seed, touching: 0.4 });
    const result = deepWatershed(img);
    assert.is(result.count, 30, `seed ${seed}: ${result.count} objects for 30 nuclei`);
    const ious = matchIoUs(img.truth, result.labels, 30);
    assert.ok(Math.min(...ious) > 0.7, `seed ${seed}: worst IoU ${Math.min(...ious).toFixed(2)}`);
  }
});

test('a touching pair is split into two objects, not merged', () => {
  // Two disks of radius 10 whose edges are 1 px apart, centred on one row.
  const h = 64, w = 64;
  const inner = new Float32Array(h * w), outer = new Float32Array(h * w);
  for (const cx of [20, 41]) {
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const d = Math.hypot(x - cx, y - 32);
      if (d < 10) { outer[y * w + x] = 10 - d; inner[y * w + x] = (1 - d / 10) ** 2; }
    }
  }
  assert.is(deepWatershed({ height: h, width: w, inner, outer }).count, 2);
});

test('an empty image has no objects', () => {
  const img = syntheticImage({ height: 64, width: 64, count: 0, seed: 1 });
  assert.is(deepWatershed(img).count, 0);
});

test.run();
