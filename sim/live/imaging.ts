/**
 * The image work of the live kiosk, on real pixels: synthetic microscope-like images (bright
 * blobs on a dark field), the consumer's pre-processing (normalise to float32 and cut into tiles,
 * the deepcell-toolbox layout of REFERENCE.md "Tiling"), and its post-processing (stitch the
 * model's tile outputs back, threshold, label connected components: a small watershed-like CPU
 * stage). Pure functions.
 */
import { tilesPerAxis } from '../model/serving/tiling.ts';

/** A deterministic pseudo-random image: 8-bit, `blobs` Gaussian spots. */
export function syntheticImage(width: number, height: number, seed: number, blobs = 6): Uint8Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const img = new Uint8Array(width * height);
  const spots = Array.from({ length: blobs }, () => ({ x: rnd() * width, y: rnd() * height, r: 2 + rnd() * 5 }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 10 + rnd() * 20;
      for (const b of spots) v += 200 * Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.r * b.r));
      img[y * width + x] = Math.min(255, v);
    }
  }
  return img;
}

/** Top-left corners along one axis: stride steps, the last tile shifted to end at the edge. */
export function tileOrigins(size: number, tile: number, stride: number): number[] {
  const n = tilesPerAxis(size, tile, stride / tile);
  return Array.from({ length: n }, (_, k) => Math.min(k * stride, Math.max(0, size - tile)));
}

export interface Tiled {
  /** n x tile x tile float32, row-major. */
  tiles: Float32Array;
  origins: Array<[number, number]>;
}

/** Pre-processing: zero-mean unit-variance normalisation, then tiles of `tile` px. */
export function preprocess(img: Uint8Array, width: number, height: number, tile: number, stride: number): Tiled {
  let mean = 0;
  for (const v of img) mean += v;
  mean /= img.length;
  let sq = 0;
  for (const v of img) sq += (v - mean) ** 2;
  const sd = Math.sqrt(sq / img.length) || 1;
  const origins: Array<[number, number]> = [];
  for (const y of tileOrigins(height, tile, stride)) for (const x of tileOrigins(width, tile, stride)) origins.push([x, y]);
  const tiles = new Float32Array(origins.length * tile * tile);
  origins.forEach(([x0, y0], k) => {
    for (let y = 0; y < tile; y++) {
      for (let x = 0; x < tile; x++) {
        const sy = Math.min(y0 + y, height - 1);
        const sx = Math.min(x0 + x, width - 1);
        tiles[k * tile * tile + y * tile + x] = (img[sy * width + sx]! - mean) / sd;
      }
    }
  });
  return { tiles, origins };
}

/** Post-processing: average overlapping tile outputs into one map, threshold at 0.5, label 4-connected regions. */
export function postprocess(outputs: Float32Array, origins: ReadonlyArray<[number, number]>, width: number, height: number, tile: number): Int32Array {
  const sum = new Float32Array(width * height);
  const count = new Uint8Array(width * height);
  origins.forEach(([x0, y0], k) => {
    for (let y = 0; y < tile && y0 + y < height; y++) {
      for (let x = 0; x < tile && x0 + x < width; x++) {
        const i = (y0 + y) * width + x0 + x;
        sum[i]! += outputs[k * tile * tile + y * tile + x]!;
        count[i]!++;
      }
    }
  });
  const labels = new Int32Array(width * height);
  const stack: number[] = [];
  let next = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 0 || !(count[i]! > 0 && sum[i]! / count[i]! > 0.5)) continue;
    labels[i] = ++next;
    stack.push(i);
    while (stack.length) {
      const j = stack.pop()!;
      const x = j % width;
      for (const n of [j - width, j + width, x > 0 ? j - 1 : -1, x < width - 1 ? j + 1 : -1]) {
        if (n < 0 || n >= labels.length || labels[n] !== 0) continue;
        if (count[n]! > 0 && sum[n]! / count[n]! > 0.5) {
          labels[n] = next;
          stack.push(n);
        }
      }
    }
  }
  return labels;
}
