/**
 * An optional observer of what the model does not otherwise log, for `run --trace` (sim/results/trace.ts).
 * Set on the KioskContext before a run; null (the default) costs one null check where a server starts, not
 * per batch. An observer only listens: it may not draw random numbers or schedule events, so a traced run
 * gives the same results as an untraced one.
 */
export interface ModelTracer {
  /** A batch of `size` tasks started on the GPU of serving pod `pod` (its name) at `start_s` and runs `seconds`. */
  gpuBatch(pod: string, start_s: number, seconds: number, size: number): void;
}

/** GPU batches kept for a trace: at most `cap`, the first ones of the run (what a trace viewer shows best). */
export class BatchLog implements ModelTracer {
  readonly pod: string[] = [];
  readonly start: number[] = [];
  readonly seconds: number[] = [];
  readonly size: number[] = [];
  dropped = 0;
  constructor(readonly cap = 100_000) {}
  gpuBatch(pod: string, start_s: number, seconds: number, size: number): void {
    if (this.pod.length >= this.cap) {
      this.dropped++;
      return;
    }
    this.pod.push(pod);
    this.start.push(start_s);
    this.seconds.push(seconds);
    this.size.push(size);
  }
}
