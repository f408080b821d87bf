import { downsampleByTime, type Reduction } from '../aggregate/downsample.ts';
import { numberAt, streamCsv } from './csv-stream.ts';

/** Columns that accumulate over a run: a bucket keeps their last value rather than their mean. */
const CUMULATIVE = new Set(['completed_images', 'cost_usd', 'retries']);

export interface Timeseries {
  /** The replication shown. */
  replication: number;
  /** Replications present in the file. */
  replications: number[];
  /** Numeric columns present besides replication and t_s. */
  columns: string[];
  /** Rows of the chosen replication, `t` in seconds, at most `maxPoints` of them. */
  rows: Record<string, number>[];
  /** Rows read for that replication before downsampling. */
  rawRows: number;
}

/**
 * Reads timeseries.csv, keeps one replication (the requested one, else the first present) and reduces it to at
 * most `maxPoints` time buckets (400: more than one per 2 px of a 640 px panel) so a long run never becomes a huge chart.
 */
export async function loadTimeseries(path: string, replication?: number, maxPoints = 400): Promise<Timeseries> {
  let header: string[] = [];
  let repIx = -1;
  let tIx = -1;
  let target = replication;
  const seen = new Set<number>();
  const raw: Record<string, number>[] = [];
  await streamCsv(
    path,
    (h) => {
      header = h;
      repIx = h.indexOf('replication');
      tIx = h.indexOf('t_s');
    },
    (f) => {
      const rep = repIx < 0 ? 1 : numberAt(f, repIx);
      seen.add(rep);
      target ??= rep;
      if (rep !== target) return;
      const row: Record<string, number> = { t: numberAt(f, tIx) };
      for (let i = 0; i < header.length; i++) if (i !== repIx && i !== tIx) row[header[i]!] = numberAt(f, i);
      raw.push(row);
    },
  );
  const replications = [...seen].sort((a, b) => a - b);
  if (raw.length === 0 && replication !== undefined && replications.length > 0) {
    return loadTimeseries(path, replications[0], maxPoints); // the requested replication is absent: show the first
  }
  const rows = raw.filter((r) => Number.isFinite(r.t)).sort((a, b) => a.t! - b.t!);
  const columns = header.filter((c, i) => i !== repIx && i !== tIx && rows.some((r) => Number.isFinite(r[c])));
  const reduce = (c: string): Reduction => (CUMULATIVE.has(c) ? 'last' : 'mean');
  return {
    replication: target ?? 1,
    replications,
    columns,
    rows: downsampleByTime(rows, columns, reduce, maxPoints),
    rawRows: rows.length,
  };
}
