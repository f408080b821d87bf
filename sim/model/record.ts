/**
 * What one run records: per-image timestamps and stage durations in typed arrays (one slot per
 * image), a time series sampled at a fixed interval, and a log of notable events. Latencies are
 * derived from the timestamps by sim/results; nothing here summarises.
 */
export const IMAGE_STATUS = { queued: 0, started: 1, done: 2, failed: 3, pending: 4 } as const;

export class ImageRecord {
  readonly zip: Int32Array;
  /** Client created the zip job (or the image job, when images arrive on their own). */
  readonly submitted: Float64Array;
  /** Child job pushed onto the image queue. */
  readonly enqueued: Float64Array;
  /** Last time a consumer popped it (the attempt that finished). */
  readonly popped: Float64Array;
  readonly download: Float64Array;
  readonly preprocess: Float64Array;
  readonly serving: Float64Array;
  readonly postprocess: Float64Array;
  readonly upload: Float64Array;
  readonly finished: Float64Array;
  /** Predict calls retried (deadline exceeded or unavailable), over all attempts. */
  readonly retries: Int32Array;
  /** Times a consumer started processing it (> 1 when work was redone after a crash). */
  readonly attempts: Int32Array;
  readonly status: Uint8Array;
  completed = 0;
  failed = 0;

  constructor(readonly count: number) {
    this.zip = new Int32Array(count);
    const f = () => new Float64Array(count).fill(NaN);
    this.submitted = f();
    this.enqueued = f();
    this.popped = f();
    this.download = f();
    this.preprocess = f();
    this.serving = f();
    this.postprocess = f();
    this.upload = f();
    this.finished = f();
    this.retries = new Int32Array(count);
    this.attempts = new Int32Array(count);
    this.status = new Uint8Array(count).fill(IMAGE_STATUS.pending);
  }

  get inSystem(): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      const s = this.status[i]!;
      if (s === IMAGE_STATUS.queued || s === IMAGE_STATUS.started) n++;
    }
    return n;
  }
}

export interface LoggedEvent {
  t: number;
  kind: string;
  target: string;
  detail: string;
}

/** Column-oriented time series: `columns[name][k]` is the value at `t[k]`. */
/** The run's time series: the engine's column store (sim/engine/stats/timeSeries.ts). */
export { TimeSeries } from '../engine/stats/timeSeries.ts';
