/**
 * The measurement sweep shared by local models and remote servers: for each tile size and batch size,
 * warm up, then time `repeats` batches, keeping every sample. Progress goes to the `progress` callback
 * (stderr in the CLI), never stdout.
 */
import type { SampleGroup } from '../sim/model/serving/profile.ts';
import { median, quantile } from './fit.ts';

/** Times one batch of `batchSize` tiles of tileHeight x tileWidth; resolves to seconds. */
export type BatchTimer = (batchSize: number, tileHeight: number, tileWidth: number) => Promise<number>;

export interface SweepPlan {
  batchSizes: number[];
  tiles: Array<[number, number]>;
  repeats: number;
  /** Untimed runs before each (tile, batch) point; the first point also absorbs one-off compilation. */
  warmup: number;
}

export function describeGroup(g: SampleGroup): string {
  const med = median(g.seconds);
  const spread = g.seconds.length > 1 ? ` (p10 ${quantile(g.seconds, 0.1).toFixed(4)}, p90 ${quantile(g.seconds, 0.9).toFixed(4)})` : '';
  const tilesPerS = g.batchSize / med;
  const mpixPerS = (tilesPerS * g.tileHeight * g.tileWidth) / 1e6;
  return `batch ${g.batchSize} x ${g.tileHeight}x${g.tileWidth}: median ${med.toFixed(4)} s${spread}, ` +
    `${tilesPerS.toPrecision(3)} tiles/s, ${mpixPerS.toPrecision(3)} Mpx/s`;
}

export async function sweep(time: BatchTimer, plan: SweepPlan, progress: (line: string) => void = () => {}): Promise<SampleGroup[]> {
  const groups: SampleGroup[] = [];
  const total = plan.tiles.length * plan.batchSizes.length;
  for (const [tileHeight, tileWidth] of plan.tiles) {
    for (const batchSize of plan.batchSizes) {
      for (let i = 0; i < plan.warmup; i++) await time(batchSize, tileHeight, tileWidth);
      const seconds: number[] = [];
      for (let r = 0; r < plan.repeats; r++) seconds.push(await time(batchSize, tileHeight, tileWidth));
      const group = { batchSize, tileHeight, tileWidth, seconds };
      groups.push(group);
      progress(`[${groups.length}/${total}] ${describeGroup(group)}`);
    }
  }
  return groups;
}
