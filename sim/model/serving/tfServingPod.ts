import type { Simulation } from '../../engine/index.ts';
import { Alarm, DeadlineQueue, Deque } from '../../engine/index.ts';
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
  /** Time its first task arrived (TF's open_batch_start_time_micros_). */
  openedAt: number;
  /** batch_timeout has passed since its first task (or the timeout is 0). */
  timedOut: boolean;
  /** Its batch_timeout's ticket in the server's DeadlineQueue (-1: none pending). */
  timeoutTicket: number;
}

export type ServerState = 'loading' | 'ready' | 'down';

/**
 * A TF-Serving server on one GPU with TF 1.15's batching queue (SharedBatchScheduler, one queue per
 * model; see REFERENCE.md "TensorFlow Serving batching").
 * Source: TF 1.15/2.0-era batching_util/shared_batch_scheduler.h, Queue::Schedule, Queue::ScheduleBatch, Queue::IsOpenBatchSchedulable.
 * The queue is a deque of closed batches
 * behind one open batch. A task joins the open batch if it fits; if not, the queue limit is checked
 * first (closed batches + the open one >= max_enqueued_batches: UNAVAILABLE, nothing closed), then
 * the open batch is closed and a new one opened. Batches are *pulled*: one of `num_batch_threads`
 * threads, when free, takes the oldest closed batch, or closes the open batch if it is full or its
 * timeout has passed. While every thread holds a batch, a timed-out open batch keeps filling.
 * The threads share one GPU, which runs their batches one at a time in the order they were taken.
 * With batching off every request is its own batch, taken at once (no batch-thread limit).
 */
export class TfServingServer {
  state: ServerState = 'loading';
  /** The open batch; null stands for TF's empty open batch. */
  private open: Batch | null = null;
  /** Closed batches no thread has taken yet (TF's batches_ minus the open one). */
  private readonly closed = new Deque<Batch>();
  /** Batches taken by a batch thread, waiting for the GPU. */
  private readonly taken = new Deque<Batch>();
  private running: Batch | null = null;
  /** The running batch's end (one reusable timer: a batch per ~3 images). */
  private readonly runningEnd: Alarm;
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
  ) {
    // every open batch times out batch_timeout after it opened, mostly cancelled when it fills first:
    // one DeadlineQueue instead of a timer event per batch (same order, see sim/engine/deadlineQueue.ts)
    this.runningEnd = new Alarm(sim, this.finishRunning);
    this.batchTimeouts = batching.enabled && batching.batchTimeout > 0 ? new DeadlineQueue<Batch>(sim, batching.batchTimeout, this.batchTimedOut) : null;
  }

  private readonly batchTimeouts: DeadlineQueue<Batch> | null;

  private readonly batchTimedOut = (batch: Batch): void => {
    batch.timeoutTicket = -1;
    batch.timedOut = true;
    this.dispatch(); // an idle batch thread notices within its 1 ms poll; modelled as at once
  };

  /** Busy seconds up to now, including the current batch. */
  busyUntilNow(): number {
    return this.busySeconds + (Number.isNaN(this.busySince) ? 0 : this.sim.now - this.busySince);
  }

  /** Batches held by batch threads (on the GPU or waiting for it). */
  get busyThreads(): number {
    return this.taken.length + (this.running === null ? 0 : 1);
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
      if (this.closed.length + this.taken.length >= b.maxEnqueuedBatches) return this.refuse();
      this.accept(req);
      this.closed.pushBack({ requests: [req], size: req.size, openedAt: this.sim.now, timedOut: true, timeoutTicket: -1 });
      this.dispatch();
      return true;
    }
    // Queue::Schedule: the queue limit counts the open batch and is checked before closing it
    if (this.open && this.open.size + req.size > b.maxBatchSize) {
      if (this.closed.length + 1 >= b.maxEnqueuedBatches) return this.refuse();
      this.closeOpen();
    }
    const open = this.open ?? this.startBatch();
    this.accept(req);
    open.requests.push(req);
    open.size += req.size;
    this.dispatch();
    return true;
  }

  /** The server dies (crash, pod deleted, node preempted): queued and running work is lost. */
  stop(): PredictRequest[] {
    const lost: PredictRequest[] = [];
    if (this.open) {
      this.batchTimeouts?.cancel(this.open.timeoutTicket);
      lost.push(...this.open.requests);
      this.open = null;
    }
    for (const q of [this.closed, this.taken]) for (let x = q.popFront(); x; x = q.popFront()) lost.push(...x.requests);
    if (this.running) {
      lost.push(...this.running.requests);
      this.runningEnd.clear();
      this.busySeconds += this.sim.now - this.busySince;
      this.busySince = NaN;
      this.running = null;
    }
    this.queuedTasks = 0;
    this.state = 'down';
    return lost;
  }

  private refuse(): false {
    this.refused++;
    return false;
  }

  private accept(req: PredictRequest): void {
    req.enqueuedAt = this.sim.now;
    this.queuedTasks += req.size;
  }

  private startBatch(): Batch {
    const timeout = this.batching.batchTimeout;
    const batch: Batch = { requests: [], size: 0, openedAt: this.sim.now, timedOut: timeout <= 0, timeoutTicket: -1 };
    if (this.batchTimeouts !== null) batch.timeoutTicket = this.batchTimeouts.arm(batch);
    this.open = batch;
    return batch;
  }

  private closeOpen(): void {
    const batch = this.open!;
    this.open = null;
    this.batchTimeouts?.cancel(batch.timeoutTicket);
    batch.timeoutTicket = -1;
    this.closed.pushBack(batch);
  }

  /** Queue::ScheduleBatch for each free batch thread, then feeds the GPU. */
  private dispatch(): void {
    const threads = this.batching.enabled ? this.batching.numBatchThreads : Infinity;
    while (this.busyThreads < threads) {
      const batch = this.takeBatch();
      if (!batch) break;
      this.taken.pushBack(batch);
    }
    if (this.running === null) this.startNext();
  }

  /** A free thread asks for work: the oldest closed batch, else the open batch if it may close (IsOpenBatchSchedulable). */
  private takeBatch(): Batch | undefined {
    const open = this.open;
    if (this.closed.length === 0 && open && (open.timedOut || open.size >= this.batching.maxBatchSize)) this.closeOpen();
    return this.closed.popFront();
  }

  private startNext(): void {
    const batch = this.taken.popFront();
    if (!batch) return;
    this.running = batch;
    if (Number.isNaN(this.busySince)) this.busySince = this.sim.now;
    this.runningEnd.set(this.batchSeconds(batch.size));
  }

  private readonly finishRunning = (): void => {
    const batch = this.running!;
    this.running = null;
    this.batchesRun++;
    this.tasksRun += batch.size;
    this.queuedTasks -= batch.size;
    for (const r of batch.requests) {
      if (r.abandoned) this.abandonedTasksRun += r.size;
      r.onResponse(r);
    }
    this.dispatch(); // the batch's thread is free again
    if (this.running === null) {
      this.busySeconds += this.sim.now - this.busySince;
      this.busySince = NaN;
    }
  };
}
