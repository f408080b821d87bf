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
import { quantileSummaryInPlace, type QuantileSummary } from './statistics.ts';
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

const DONE = IMAGE_STATUS.done;

/** Writes one kind's latency of each finished image of `rec` into `out` from index k; returns the next index. */
type Fill = (rec: ImageRecord, out: Float64Array, k: number) => number;

/**
 * Each kind reads only the two fields it needs, hoisted into locals, and its loop is one of three shared
 * functions: a single function with a switch on the kind was deoptimised whenever a kind it had not seen
 * came (six times a summary), and ran its loops unoptimised until on-stack replacement; a record revived
 * from a worker may also have slow properties, read here once a column instead of twice a value.
 * Measured on 3 x 2 x 10^5 revived records: the first call's six columns 255-439 -> 96-239 ms (two runs
 * each, loaded host); the headline at 10^5 under callgrind: 87 M fewer instructions in the run and 230 M
 * fewer in TurboFan. The loops are shared by kind (three differences, two copies) so that the kinds after
 * the first of each find their loop optimised, where one function a kind ran each kind's first ~10^5
 * values interpreted (callgrind with --interpreted-frames-native-stack).
 */
const FILL: Record<LatencyKind, Fill> = {
  total: (rec, out, k) => fillDifference(rec.count, rec.status, rec.finished, rec.enqueued, out, k),
  end_to_end: (rec, out, k) => fillDifference(rec.count, rec.status, rec.finished, rec.submitted, out, k),
  queue_wait: (rec, out, k) => fillDifference(rec.count, rec.status, rec.popped, rec.enqueued, out, k),
  transfer: (rec, out, k) => fillTransfer(rec.count, rec.status, rec.download, rec.upload, out, k),
  serving: (rec, out, k) => fillCopy(rec.count, rec.status, rec.serving, out, k),
  postprocess: (rec, out, k) => fillCopy(rec.count, rec.status, rec.postprocess, out, k),
};

/** later - earlier of each finished image, into out from k; returns the next index. */
function fillDifference(count: number, status: Uint8Array, later: Float64Array, earlier: Float64Array, out: Float64Array, k: number): number {
  for (let i = 0; i < count; i++) if (status[i] === DONE) out[k++] = later[i]! - earlier[i]!;
  return k;
}

/** The paper's data transfer time, 2 x (download + upload), of each finished image. */
function fillTransfer(count: number, status: Uint8Array, download: Float64Array, upload: Float64Array, out: Float64Array, k: number): number {
  for (let i = 0; i < count; i++) if (status[i] === DONE) out[k++] = 2 * (download[i]! + upload[i]!);
  return k;
}

/** values of each finished image. */
function fillCopy(count: number, status: Uint8Array, values: Float64Array, out: Float64Array, k: number): number {
  for (let i = 0; i < count; i++) if (status[i] === DONE) out[k++] = values[i]!;
  return k;
}

/**
 * One kind's latency of every finished image of the given records, in record order; written into `out`
 * when given (its length must be the finished count), else into a new column.
 */
export function latencyColumn(records: readonly ImageRecord[], kind: LatencyKind, into?: Float64Array): Float64Array {
  const n = finishedCount(records);
  const out = into ?? new Float64Array(n);
  if (out.length !== n) throw new RangeError(`internal: a latency column of ${out.length} slots for ${n} finished images`);
  const fill = FILL[kind];
  let k = 0;
  for (const rec of records) k = fill(rec, out, k);
  return out;
}

/** Latency columns over the finished images of the given records, in record order. */
export function latencyColumns(records: readonly ImageRecord[]): LatencyColumns {
  return Object.fromEntries(LATENCY_KINDS.map((kind) => [kind, latencyColumn(records, kind)])) as LatencyColumns;
}

export type LatencySummary = Record<LatencyKind, QuantileSummary>;

/**
 * The latency summary of the finished images of `records`, one kind at a time: each column is made,
 * summarised in place by selection (engine/stats/select.ts: no sort), and the next kind is written over it,
 * so the summary of N images needs 8 N bytes, not 48 N. One column for all six kinds, not one each: a new
 * 8 MB column cost ~4 ms of page faults and zeroing before its first value (six columns of 10^6 filled
 * fresh 50-58 ms, into one 22-31 ms, each in a new process: `npm run bench -- summaryColumn`).
 */
export function summarizeRecords(records: readonly ImageRecord[]): LatencySummary {
  const column = new Float64Array(finishedCount(records));
  return Object.fromEntries(LATENCY_KINDS.map((kind) => [kind, quantileSummaryInPlace(latencyColumn(records, kind, column))])) as LatencySummary;
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
  const column = new Float64Array(finishedCount(records)); // every kind in turn, as in summarizeRecords
  for (const kind of LATENCY_KINDS) {
    latencyColumn(records, kind, column);
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
