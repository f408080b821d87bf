import type { TopLevelSpec } from 'vega-lite';
import { gpuMaxOfConfiguration, pooledMakespan, type Configuration } from '../configs/group.ts';
import { formatBps, uploadBpsOf } from '../run-dir/derived.ts';
import { optimalGpus } from '../paper/optimal-gpus.ts';
import { ZIP_BITS, BENCHMARK_START_DELAYS_S } from '../paper/known-numbers.ts';
import { PALETTE, THEME } from './theme.ts';

/**
 * Upload speeds drawn when no run asks for others: the benchmark's two (150 MB per 0.5 s and per 5 s, sim/model/REFERENCE.md
 * "Benchmark design") plus 100 Mbps and 1 Gbps as round neighbours for orientation.
 */
export const DEFAULT_UPLOAD_BPS = [100e6, ZIP_BITS / BENCHMARK_START_DELAYS_S[1], 1e9, ZIP_BITS / BENCHMARK_START_DELAYS_S[0]];

/** Inference speeds on the x axis, images/s per GPU: 1 to 20 covers the paper's typical 5-10. */
const SPEEDS = Array.from({ length: 77 }, (_, k) => 1 + k * 0.25);

/** A run is "as fast as the fastest" when its makespan is within this fraction of the group's best (a definition). */
export const SATURATION_TOLERANCE = 0.05;

export interface FigS1Curve {
  upload: string;
  upload_bps: number;
  images_per_s: number;
  gpus: number;
}

export interface FigS1Point {
  upload: string;
  upload_bps: number;
  images_per_s: number;
  gpus: number;
  kind: 'simulated optimum' | 'run (GPU max)';
  detail: string;
}

/** Rounds a speed to 3 significant digits so 2.4e9 and 2.4000001e9 are the same curve. */
const key3 = (x: number) => Number(x.toPrecision(3));

/** The analytic optimum curves for the default upload speeds plus those of the runs. */
export function figS1Curves(configs: readonly Configuration[]): FigS1Curve[] {
  const speeds = [...new Set([...DEFAULT_UPLOAD_BPS, ...configs.map((c) => uploadBpsOf(c.runs[0]!))].filter(Number.isFinite).map(key3))].sort((a, b) => a - b);
  return speeds.flatMap((bps) =>
    SPEEDS.map((p) => ({ upload: formatBps(bps), upload_bps: bps, images_per_s: p, gpus: optimalGpus(bps / 1e6, p) })),
  );
}

/**
 * Simulated points: every configuration at (its per-GPU speed, its GPU max), and for each series (the settings
 * other than GPU max) with at least two GPU maxima, the smallest GPU max whose mean makespan is within
 * SATURATION_TOLERANCE of the series' fastest: beyond it, more GPUs no longer help.
 */
export function figS1Points(configs: readonly Configuration[]): FigS1Point[] {
  const speedOf = (c: Configuration) => c.runs[0]!.meta.gpu_images_per_s;
  const usable = configs.filter((c) => Number.isFinite(speedOf(c)) && Number.isFinite(uploadBpsOf(c.runs[0]!)) && Number.isFinite(gpuMaxOfConfiguration(c)));
  const points: FigS1Point[] = usable.map((c) => ({
    upload: formatBps(key3(uploadBpsOf(c.runs[0]!))), upload_bps: key3(uploadBpsOf(c.runs[0]!)), images_per_s: speedOf(c)!, gpus: gpuMaxOfConfiguration(c),
    kind: 'run (GPU max)', detail: c.label,
  }));
  const groups = new Map<string, Configuration[]>();
  for (const c of usable) groups.set(c.series, [...(groups.get(c.series) ?? []), c]);
  for (const g of groups.values()) {
    const byGpu = new Map<number, number>();
    for (const c of g) {
      const m = pooledMakespan(c).mean;
      if (Number.isFinite(m)) byGpu.set(gpuMaxOfConfiguration(c), Math.min(byGpu.get(gpuMaxOfConfiguration(c)) ?? Infinity, m));
    }
    if (byGpu.size < 2) continue;
    const best = Math.min(...byGpu.values());
    const optimum = [...byGpu.entries()].filter(([, m]) => m <= best * (1 + SATURATION_TOLERANCE)).map(([gpu]) => gpu).sort((a, b) => a - b)[0]!;
    const r = g[0]!.runs[0]!;
    points.push({
      upload: formatBps(key3(uploadBpsOf(r))), upload_bps: key3(uploadBpsOf(r)), images_per_s: speedOf(g[0]!)!, gpus: optimum,
      kind: 'simulated optimum', detail: `${g[0]!.series}: ${byGpu.size} GPU maxima tried (${[...byGpu.keys()].sort((a, b) => a - b).join(', ')})`,
    });
  }
  return points;
}

/**
 * The axes fitted to the simulated points: speeds from half the slowest to twice the fastest (within the curves'
 * 1-20 images/s), GPU counts from 1 to twice the largest point or curve value inside that speed range. Without
 * points, the paper's whole 1-20 images/s range.
 */
export function figS1Domain(curves: readonly FigS1Curve[], points: readonly FigS1Point[]): { x: [number, number]; y: [number, number] } {
  if (points.length === 0) return { x: [1, 20], y: [1, Math.max(1, ...curves.map((c) => c.gpus)) * 1.2] };
  const speeds = points.map((p) => p.images_per_s);
  const x: [number, number] = [Math.max(1, Math.min(...speeds) / 2), Math.min(20, Math.max(...speeds) * 2)];
  const uploads = new Set(points.map((p) => p.upload_bps));
  const inRange = curves.filter((c) => uploads.has(c.upload_bps) && c.images_per_s >= x[0] && c.images_per_s <= x[1]).map((c) => c.gpus);
  return { x, y: [1, Math.max(2, ...points.map((p) => p.gpus), ...inRange) * 1.5] };
}

/** Fig. S1: optimal cluster size vs per-GPU inference speed, one analytic step curve per upload speed. */
export function figS1Spec(curves: readonly FigS1Curve[], points: readonly FigS1Point[]): TopLevelSpec {
  const uploads = [...new Map(curves.map((c) => [c.upload, c.upload_bps])).entries()].sort((a, b) => a[1] - b[1]).map(([u]) => u);
  const color = { field: 'upload', type: 'nominal' as const, title: 'Upload speed', scale: { domain: uploads, range: PALETTE }, sort: uploads };
  const domain = figS1Domain(curves, points);
  const x = { field: 'images_per_s', type: 'quantitative' as const, title: 'Inference speed per GPU (images/s)', scale: { domain: domain.x, nice: false } };
  const y = { field: 'gpus', type: 'quantitative' as const, title: 'GPU count (log scale)', scale: { type: 'log' as const, domain: domain.y, nice: false } };
  // Only what falls inside the fitted axes (no clip path: the HTML must not reference anything, even url(#id)).
  const drawn = curves.filter((c) => c.images_per_s >= domain.x[0] && c.images_per_s <= domain.x[1] && c.gpus <= domain.y[1]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: {
      text: 'Optimal cluster size vs inference speed (Fig. S1)',
      subtitle: ['Lines: max(1, round(U / (P × 11.0592 Mbit) − 0.5)), the paper’s d = N s', 'Points: simulated runs; filled: smallest GPU max within 5 % of the fastest run'],
    },
    width: 460,
    height: 300,
    layer: [
      {
        data: { values: drawn },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
        encoding: { x, y, color },
      },
      ...(['run (GPU max)', 'simulated optimum'] as const).map((kind) => ({
        data: { values: points.filter((p) => p.kind === kind) },
        // The optimum is drawn last, larger and outlined, so a run at the same GPU max cannot hide it.
        mark: kind === 'simulated optimum'
          ? { type: 'point' as const, size: 240, strokeWidth: 1.5, filled: true, opacity: 1, stroke: '#222' }
          : { type: 'point' as const, size: 110, strokeWidth: 2, filled: false, opacity: 1 },
        encoding: {
          x, y, color,
          shape: {
            field: 'kind', type: 'nominal' as const, title: 'Simulated',
            scale: { domain: ['simulated optimum', 'run (GPU max)'], range: ['circle', 'triangle-up'] },
            legend: { symbolStrokeColor: '#555', symbolFillColor: 'transparent' },
          },
          tooltip: [{ field: 'kind' }, { field: 'upload' }, { field: 'images_per_s', title: 'images/s per GPU' }, { field: 'gpus', title: 'GPUs' }, { field: 'detail' }],
        },
      })),
    ],
  } as TopLevelSpec;
}
