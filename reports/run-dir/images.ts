import { Samples } from '../../sim/engine/stats/index.ts';
import { histogramOf, type Histogram } from '../aggregate/histogram.ts';
import { finiteValues, summarizeValues, type Quantiles } from '../aggregate/quantile.ts';
import { streamNumericCsv } from './csv-numeric.ts';

/** Per-image times the report shows. `transfer` is the paper's "data transfer time" = 2 x (download + upload). */
export const IMAGE_METRICS = ['transfer', 'serving', 'postprocess', 'queue_wait', 'preprocess', 'total'] as const;
export type ImageMetric = (typeof IMAGE_METRICS)[number];

export interface MetricAggregate {
  quantiles: Quantiles;
  histogram: Histogram;
}

export interface ReplicationImages {
  replication: number;
  images: number;
  /** Last finish time seen in that replication, seconds. */
  last_finish_s: number;
  retries: number;
}

/** images.csv reduced to what charts and tables need: nothing here grows with the number of images. */
export interface ImageAggregates {
  rows: number;
  metrics: Record<ImageMetric, MetricAggregate>;
  replications: ReplicationImages[];
}

const COLUMNS = [
  'replication', 'queue_wait_s', 'download_s', 'preprocess_s', 'serving_s', 'postprocess_s', 'upload_s', 'total_s',
  'finish_s', 'retries',
] as const;

/** Streams images.csv once, collecting the per-image times in typed columns, then selects each one's quantiles and bins it. */
export async function aggregateImages(path: string, histogramBins = 40): Promise<ImageAggregates> {
  const cols = Object.fromEntries(IMAGE_METRICS.map((m) => [m, new Samples(1 << 16)])) as Record<ImageMetric, Samples>;
  const perRep = new Map<number, ReplicationImages>();
  let hasReplication = true;
  const [REP, WAIT, DOWN, PRE, SERVE, POST, UP, TOTAL, FINISH, RETRIES] = COLUMNS.map((_, k) => k) as number[];
  const rows = await streamNumericCsv(
    path,
    (header) => {
      hasReplication = header.includes('replication');
      return COLUMNS;
    },
    (v) => {
      const download = v[DOWN!]!;
      const upload = v[UP!]!;
      cols.transfer.add(2 * ((Number.isNaN(download) ? 0 : download) + (Number.isNaN(upload) ? 0 : upload)));
      cols.serving.add(v[SERVE!]!);
      cols.postprocess.add(v[POST!]!);
      cols.queue_wait.add(v[WAIT!]!);
      cols.preprocess.add(v[PRE!]!);
      cols.total.add(v[TOTAL!]!);
      const r = hasReplication ? v[REP!]! : 1;
      let rep = perRep.get(r);
      if (!rep) perRep.set(r, (rep = { replication: r, images: 0, last_finish_s: 0, retries: 0 }));
      rep.images++;
      const finish = v[FINISH!]!;
      if (finish > rep.last_finish_s) rep.last_finish_s = finish;
      const retries = v[RETRIES!]!;
      if (retries > 0) rep.retries += retries;
    },
  );
  const metrics = {} as Record<ImageMetric, MetricAggregate>;
  for (const m of IMAGE_METRICS) {
    // order statistics by selection, no sort: the quantiles and the histogram's edges are all the report needs
    const finite = finiteValues(cols[m].values());
    metrics[m] = { quantiles: summarizeValues(finite), histogram: histogramOf(finite, histogramBins) };
  }
  return { rows, metrics, replications: [...perRep.values()].sort((a, b) => a.replication - b.replication) };
}
