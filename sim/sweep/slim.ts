/**
 * A ReplicationResult cut down to what `summarize` (sim/results/summary.ts) reads: the per-image
 * columns its latencies come from and the scalars; no time series, no events, none of the
 * per-image columns only images.csv writes. Sweeps need nothing else from a point, and these are
 * what cross a thread or Redis. test/sweep/slim.test.ts checks that summarize gives the same
 * answer for the slim and the full result, so a new column read by summarize is caught there.
 */
import { ImageRecord, TimeSeries } from '../model/record.ts';
import type { ReplicationResult } from '../results/runResult.ts';

/** The ImageRecord columns summarize reads. */
export const SUMMARY_COLUMNS = ['status', 'submitted', 'enqueued', 'popped', 'finished', 'download', 'upload', 'serving', 'postprocess'] as const;

type Column = keyof ImageRecord & string;
const ALL_COLUMNS: Column[] = ['zip', 'submitted', 'enqueued', 'popped', 'download', 'preprocess', 'serving', 'postprocess', 'upload', 'finished', 'retries', 'attempts', 'status'];

export function slimReplication(r: ReplicationResult): ReplicationResult {
  const rec = Object.create(ImageRecord.prototype) as Record<string, unknown>;
  for (const c of ALL_COLUMNS) {
    const col = r.record[c] as unknown as Float64Array;
    // columns summarize does not read stay empty (not absent), so a reader of one fails loudly in tests
    rec[c] = (SUMMARY_COLUMNS as readonly string[]).includes(c) ? col : col.subarray(0, 0).slice();
  }
  Object.assign(rec, { count: r.record.count, completed: r.record.completed, failed: r.record.failed });
  return { ...r, record: rec as unknown as ImageRecord, timeseries: new TimeSeries(r.timeseries.names, 1), events: [] };
}

/** Gives objects that crossed a thread or Redis their classes back (structured clone and JSON drop them). */
export function reviveReplication(r: ReplicationResult): ReplicationResult {
  Object.setPrototypeOf(r.record, ImageRecord.prototype);
  Object.setPrototypeOf(r.timeseries, TimeSeries.prototype);
  return r;
}

/** The ArrayBuffers of a result's typed arrays, to transfer instead of copy between threads. */
export function transferables(r: ReplicationResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of Object.values(r.record)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  return [...out];
}
