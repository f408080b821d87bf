/**
 * Per-image latencies of finished images, derived from the record's timestamps. What each one spans is
 * part of the run contract (README.md, "Using it"):
 * - total: the image job pushed onto the image queue -> its result uploaded (leaves out the zip's time in the
 *   zip queue and its expansion; kept for the meaning it has always had);
 * - end_to_end: the client submitted the image's zip (or the image) -> its result uploaded;
 * - queue_wait: pushed onto the image queue -> popped by the consumer attempt that finished it;
 * - transfer: the paper's "data transfer time", 2 x (image download + result upload);
 * - serving, postprocess: the durations the image consumer recorded.
 */
import type { ImageRecord } from '../model/record.ts';
import { IMAGE_STATUS } from '../model/record.ts';
import { quantileSummary, type QuantileSummary } from './statistics.ts';

export const LATENCY_KINDS = ['total', 'end_to_end', 'queue_wait', 'transfer', 'serving', 'postprocess'] as const;
export type LatencyKind = (typeof LATENCY_KINDS)[number];

export type LatencyColumns = Record<LatencyKind, Float64Array>;

/** One image's latency of each kind (i must be a finished image). */
function fill(cols: LatencyColumns, k: number, rec: ImageRecord, i: number): void {
  cols.total[k] = rec.finished[i]! - rec.enqueued[i]!;
  cols.end_to_end[k] = rec.finished[i]! - rec.submitted[i]!;
  cols.queue_wait[k] = rec.popped[i]! - rec.enqueued[i]!;
  cols.transfer[k] = 2 * (rec.download[i]! + rec.upload[i]!);
  cols.serving[k] = rec.serving[i]!;
  cols.postprocess[k] = rec.postprocess[i]!;
}

/** Latency columns over the finished images of the given records, in record order. */
export function latencyColumns(records: readonly ImageRecord[]): LatencyColumns {
  let n = 0;
  for (const r of records) n += r.completed;
  const cols = Object.fromEntries(LATENCY_KINDS.map((kind) => [kind, new Float64Array(n)])) as LatencyColumns;
  let k = 0;
  for (const rec of records) {
    for (let i = 0; i < rec.count; i++) {
      if (rec.status[i] !== IMAGE_STATUS.done) continue;
      fill(cols, k++, rec, i);
    }
  }
  return cols;
}

export type LatencySummary = Record<LatencyKind, QuantileSummary>;

export function summarizeLatencies(cols: LatencyColumns): LatencySummary {
  return Object.fromEntries(LATENCY_KINDS.map((kind) => [kind, quantileSummary(cols[kind])])) as LatencySummary;
}
