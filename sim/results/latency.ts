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
import { quantileSummary, quantileSummaryInPlace, type QuantileSummary } from './statistics.ts';
import { ExactSum } from '../engine/stats/index.ts';

export const LATENCY_KINDS = ['total', 'end_to_end', 'queue_wait', 'transfer', 'serving', 'postprocess'] as const;
export type LatencyKind = (typeof LATENCY_KINDS)[number];

export type LatencyColumns = Record<LatencyKind, Float64Array>;

/** Images of `records` that finished. */
function finishedCount(records: readonly ImageRecord[]): number {
  let n = 0;
  for (const r of records) n += r.completed;
  return n;
}

/** One kind's latency of every finished image of the given records, in record order. */
export function latencyColumn(records: readonly ImageRecord[], kind: LatencyKind): Float64Array {
  const out = new Float64Array(finishedCount(records));
  let k = 0;
  for (const rec of records) {
    const done = rec.status;
    const n = rec.count;
    // one loop per kind: the kind is fixed for the column, and each loop reads only the two fields it needs
    switch (kind) {
      case 'total':
        for (let i = 0; i < n; i++) if (done[i] === IMAGE_STATUS.done) out[k++] = rec.finished[i]! - rec.enqueued[i]!;
        break;
      case 'end_to_end':
        for (let i = 0; i < n; i++) if (done[i] === IMAGE_STATUS.done) out[k++] = rec.finished[i]! - rec.submitted[i]!;
        break;
      case 'queue_wait':
        for (let i = 0; i < n; i++) if (done[i] === IMAGE_STATUS.done) out[k++] = rec.popped[i]! - rec.enqueued[i]!;
        break;
      case 'transfer':
        for (let i = 0; i < n; i++) if (done[i] === IMAGE_STATUS.done) out[k++] = 2 * (rec.download[i]! + rec.upload[i]!);
        break;
      case 'serving':
        for (let i = 0; i < n; i++) if (done[i] === IMAGE_STATUS.done) out[k++] = rec.serving[i]!;
        break;
      case 'postprocess':
        for (let i = 0; i < n; i++) if (done[i] === IMAGE_STATUS.done) out[k++] = rec.postprocess[i]!;
        break;
    }
  }
  return out;
}

/** Latency columns over the finished images of the given records, in record order. */
export function latencyColumns(records: readonly ImageRecord[]): LatencyColumns {
  return Object.fromEntries(LATENCY_KINDS.map((kind) => [kind, latencyColumn(records, kind)])) as LatencyColumns;
}

export type LatencySummary = Record<LatencyKind, QuantileSummary>;

export function summarizeLatencies(cols: LatencyColumns): LatencySummary {
  return Object.fromEntries(LATENCY_KINDS.map((kind) => [kind, quantileSummary(cols[kind])])) as LatencySummary;
}

/**
 * The latency summary of the finished images of `records`, one kind at a time: each column is made,
 * summarised in place by selection (engine/stats/select.ts: no sort) and dropped before the next, so the
 * summary of N images needs 8 N bytes at a time, not 48 N.
 */
export function summarizeRecords(records: readonly ImageRecord[]): LatencySummary {
  return Object.fromEntries(LATENCY_KINDS.map((kind) => [kind, quantileSummaryInPlace(latencyColumn(records, kind))])) as LatencySummary;
}

/**
 * The latency summaries of several replications' records: pooled over all of them (as summarizeRecords of
 * them all) and each one's own (as summarizeRecords of it alone), the same numbers to the last bit. One
 * pooled column a kind: each replication's part of it is summarised in place first (selection only
 * moves values within that part), then the whole, whose exact sum is the sum of the parts' (no second
 * pass for the mean).
 */
export function summarizeReplications(records: readonly ImageRecord[]): { pooled: LatencySummary; each: LatencySummary[] } {
  const pooled: Partial<LatencySummary> = {};
  const each: Partial<LatencySummary>[] = records.map(() => ({}));
  for (const kind of LATENCY_KINDS) {
    const column = latencyColumn(records, kind);
    const total = new ExactSum();
    let start = 0;
    records.forEach((rec, i) => {
      const part = column.subarray(start, (start += finishedCount([rec])));
      const sum = new ExactSum().addAll(part);
      each[i]![kind] = quantileSummaryInPlace(part, sum);
      total.addSum(sum);
    });
    pooled[kind] = quantileSummaryInPlace(column, total);
  }
  return { pooled: pooled as LatencySummary, each: each as LatencySummary[] };
}
