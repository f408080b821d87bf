import type { EventHandle, Simulation } from '../../engine/index.ts';
import { Deque } from '../../engine/index.ts';
import type { BatchingConfig } from '../config.ts';

/** One Predict call: `size` tasks (tiles, or 1 whole image) sent by an image consumer. */
export interface PredictRequest {
  size: number;
  /** Called when the server has computed the response (even if the client stopped waiting). */
  onResponse(req: PredictRequest): void;
  /** Called when the server died with the request queued or running (the client sees UNAVAILABLE). */
  onLost(req: PredictRequest): void;
  /** Set by the client when its deadline passed: the work is still done (TF-Serving does not cancel). */
  abandoned: boolean;
  /** Time the server queued it. */
  enqueuedAt: number;
}

interface Batch {
  requests: PredictRequest[];
  size: number;
  openedAt: number;
  closed: boolean;
  timeout: EventHandle | null;
}

export type ServerState = 'loading' | 'ready' | 'down';

/**
 * A TF-Serving server on one GPU with its batching queue (BasicBatchScheduler semantics):
 * tasks join the open batch if they fit, else the open batch is closed and a new one opened; a
 * batch becomes runnable when full or `batchTimeout` after it opened (timeout 0: at once). The GPU
 * runs one batch at a time, oldest runnable first (the batch threads share one GPU, so running them
 * one after another gives the same throughput). With more than `maxEnqueuedBatches` batches
 * waiting, new requests are refused (UNAVAILABLE), as they are while the model is still loading.
 */
export class TfServingServer {
  state: ServerState = 'loading';
  private open: Batch | null = null;
  private readonly runnable = new Deque<Batch>();
  private waitingBatches = 0;
  private running: Batch | null = null;
  private runningEnd: EventHandle | null = null;
  /** Cumulative GPU-busy seconds, and the time the current busy period started (NaN when idle). */
  busySeconds = 0;
  private busySince = NaN;
  /** Counters. */
  batchesRun = 0;
  tasksRun = 0;
  abandonedTasksRun = 0;
  refused = 0;
  /** Tasks queued or running (for metrics). */
  queuedTasks = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: number,
    private readonly batching: BatchingConfig,
    private readonly batchSeconds: (size: number) => number,
  ) {}

  /** Busy seconds up to now, including the current batch. */
  busyUntilNow(): number {
    return this.busySeconds + (Number.isNaN(this.busySince) ? 0 : this.sim.now - this.busySince);
  }

  /** Offers a request; false = UNAVAILABLE (model not loaded, server down, or queue full). */
  submit(req: PredictRequest): boolean {
    if (this.state !== 'ready') {
      this.refused++;
      return false;
    }
    const b = this.batching;
    if (!b.enabled) {
      // no batching: every request is its own batch, run in arrival order
      if (this.waitingBatches >= b.maxEnqueuedBatches) {
        this.refused++;
        return false;
      }
      req.enqueuedAt = this.sim.now;
      this.queuedTasks += req.size;
      this.enqueueRunnable({ requests: [req], size: req.size, openedAt: this.sim.now, closed: true, timeout: null });
      return true;
    }
    let open = this.open;
    if (open && open.size + req.size > b.maxBatchSize) {
      this.closeOpen();
      open = null;
    }
    if (!open) {
      if (this.waitingBatches >= b.maxEnqueuedBatches) {
        this.refused++;
        return false;
      }
      open = { requests: [], size: 0, openedAt: this.sim.now, closed: false, timeout: null };
      this.open = open;
      this.waitingBatches++;
      if (b.batchTimeout > 0) {
        const batch = open;
        open.timeout = this.sim.schedule(b.batchTimeout, () => {
          batch.timeout = null;
          if (this.open === batch) this.closeOpen();
        });
      }
    }
    req.enqueuedAt = this.sim.now;
    open.requests.push(req);
    open.size += req.size;
    this.queuedTasks += req.size;
    if (open.size >= b.maxBatchSize) this.closeOpen();
    else if (b.batchTimeout <= 0 && this.running === null) this.closeOpen();
    return true;
  }

  /** The server dies (crash, pod deleted, node preempted): queued and running work is lost. */
  stop(): PredictRequest[] {
    const lost: PredictRequest[] = [];
    if (this.open) {
      if (this.open.timeout) this.sim.cancel(this.open.timeout);
      lost.push(...this.open.requests);
      this.open = null;
    }
    for (let b = this.runnable.popFront(); b; b = this.runnable.popFront()) lost.push(...b.requests);
    if (this.running) {
      lost.push(...this.running.requests);
      this.sim.cancel(this.runningEnd);
      this.busySeconds += this.sim.now - this.busySince;
      this.busySince = NaN;
      this.running = null;
    }
    this.waitingBatches = 0;
    this.queuedTasks = 0;
    this.state = 'down';
    return lost;
  }

  private closeOpen(): void {
    const batch = this.open!;
    this.open = null;
    if (batch.timeout) {
      this.sim.cancel(batch.timeout);
      batch.timeout = null;
    }
    batch.closed = true;
    this.waitingBatches--;
    this.enqueueRunnable(batch);
  }

  private enqueueRunnable(batch: Batch): void {
    this.runnable.pushBack(batch);
    this.waitingBatches++;
    if (this.running === null) this.startNext();
  }

  private startNext(): void {
    const batch = this.runnable.popFront();
    if (!batch) {
      // timeout 0: whatever is queued runs as soon as the GPU is free
      if (this.open && this.batching.batchTimeout <= 0) {
        this.closeOpen();
      }
      return;
    }
    this.waitingBatches--;
    this.running = batch;
    if (Number.isNaN(this.busySince)) this.busySince = this.sim.now;
    this.runningEnd = this.sim.schedule(this.batchSeconds(batch.size), this.finishRunning);
  }

  private readonly finishRunning = (): void => {
    const batch = this.running!;
    this.running = null;
    this.runningEnd = null;
    this.batchesRun++;
    this.tasksRun += batch.size;
    this.queuedTasks -= batch.size;
    for (const r of batch.requests) {
      if (r.abandoned) this.abandonedTasksRun += r.size;
      r.onResponse(r);
    }
    if (this.runnable.length > 0 || (this.open && this.batching.batchTimeout <= 0)) this.startNext();
    else {
      this.busySeconds += this.sim.now - this.busySince;
      this.busySince = NaN;
    }
  };
}
