/**
 * Synthetic nuclear images as a segmentation model would see them: a known set of round nuclei
 * (some touching) and the model-shaped outputs a good model would produce for them (inner distance
 * peaking at each centre, outer distance to each edge), plus seeded Gaussian noise.
 */
import seedrandom from 'seedrandom';
import type { ModelOutputs } from './deepWatershed.ts';

export interface Nucleus { cx: number; cy: number; r: number }

export interface SyntheticImage extends ModelOutputs {
  nuclei: Nucleus[];
  /** Ground truth: pixel -> nucleus index + 1 (0 background). */
  truth: Int32Array;
}

export interface SyntheticOptions {
  height: number;
  width: number;
  count: number;
  seed: number;
  minRadius?: number;
  maxRadius?: number;
  /** Fraction of nuclei placed touching an existing one. */
  touching?: number;
  noise?: number;
}

/** Places `count` non-overlapping disks (rejection sampling); throws if the image is too crowded. */
export function placeNuclei(o: SyntheticOptions, random: () => number): Nucleus[] {
  const rMin = o.minRadius ?? 8, rMax = o.maxRadius ?? 14;
  const nuclei: Nucleus[] = [];
  const fits = (c: Nucleus) =>
    c.cx - c.r >= 1 && c.cy - c.r >= 1 && c.cx + c.r < o.width - 1 && c.cy + c.r < o.height - 1 &&
    nuclei.every((n) => Math.hypot(n.cx - c.cx, n.cy - c.cy) >= n.r + c.r + 1);
  for (let tries = 0; nuclei.length < o.count; tries++) {
    if (tries > 1000 * o.count) throw new RangeError(`cannot place ${o.count} nuclei in ${o.height}x${o.width}`);
    const r = rMin + random() * (rMax - rMin);
    let c: Nucleus;
    if (nuclei.length > 0 && random() < (o.touching ?? 0.2)) {
      const n = nuclei[Math.floor(random() * nuclei.length)]!;
      const angle = random() * 2 * Math.PI;
      const d = n.r + r + 1; // touching: 1 px apart at the closest point
      c = { cx: n.cx + d * Math.cos(angle), cy: n.cy + d * Math.sin(angle), r };
    } else {
      c = { cx: random() * o.width, cy: random() * o.height, r };
    }
    if (fits(c)) nuclei.push(c);
  }
  return nuclei;
}

function gaussian(random: () => number): number {
  const u = 1 - random(), v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function syntheticImage(o: SyntheticOptions): SyntheticImage {
  const random = seedrandom.alea(String(o.seed));
  const nuclei = placeNuclei(o, random);
  const size = o.height * o.width;
  const inner = new Float32Array(size), outer = new Float32Array(size), truth = new Int32Array(size);
  nuclei.forEach((n, k) => {
    const y0 = Math.max(0, Math.floor(n.cy - n.r)), y1 = Math.min(o.height - 1, Math.ceil(n.cy + n.r));
    const x0 = Math.max(0, Math.floor(n.cx - n.r)), x1 = Math.min(o.width - 1, Math.ceil(n.cx + n.r));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x - n.cx, y - n.cy);
        if (d >= n.r) continue;
        const p = y * o.width + x;
        truth[p] = k + 1;
        outer[p] = n.r - d;
        inner[p] = (1 - d / n.r) ** 2;
      }
    }
  });
  const noise = o.noise ?? 0.02;
  for (let p = 0; p < size; p++) {
    inner[p] = Math.max(0, inner[p]! + noise * gaussian(random));
    outer[p] = Math.max(0, outer[p]! + noise * gaussian(random));
  }
  return { height: o.height, width: o.width, inner, outer, nuclei, truth };
}
