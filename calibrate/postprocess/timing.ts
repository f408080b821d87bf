/**
 * Timing the deep watershed on model-shaped outputs of synthetic 1280x1080 nuclear images.
 * Nuclei per image vary uniformly over a range (default 100-600: a one-megapixel field of 8-14 px
 * radius nuclei, from sparse to crowded; an assumption, not a measurement of real images).
 */
import seedrandom from 'seedrandom';
import { CLOCKS, type Clock } from '../clock.ts';
import { deepWatershed } from './deepWatershed.ts';
import { syntheticImage } from './synthetic.ts';

export const KIOSK_IMAGE = { height: 1080, width: 1280 } as const; // sim/model/REFERENCE.md: 1280x1080 px images

export interface PostprocessTimingOptions {
  images: number;
  seed: number;
  height?: number;
  width?: number;
  minNuclei?: number;
  maxNuclei?: number;
  /** Untimed runs first, so JIT compilation is not in the distribution. */
  warmup?: number;
  clock?: Clock;
}

export function timePostprocess(o: PostprocessTimingOptions, progress: (line: string) => void = () => {}): number[] {
  const height = o.height ?? KIOSK_IMAGE.height, width = o.width ?? KIOSK_IMAGE.width;
  const lo = o.minNuclei ?? 100, hi = o.maxNuclei ?? 600;
  const random = seedrandom.alea(`postprocess-${o.seed}`);
  const warmup = o.warmup ?? 2;
  const clock = CLOCKS[o.clock ?? 'wall'];
  const seconds: number[] = [];
  for (let i = 0; i < warmup + o.images; i++) {
    const count = Math.round(lo + random() * (hi - lo));
    const image = syntheticImage({ height, width, count, seed: o.seed * 1000 + i });
    const start = clock();
    const result = deepWatershed(image);
    const s = clock() - start;
    if (i < warmup) continue;
    seconds.push(s);
    progress(`post-processing ${i - warmup + 1}/${o.images}: ${count} nuclei, found ${result.count}, ${s.toFixed(3)} s`);
  }
  return seconds;
}
