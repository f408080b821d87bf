/**
 * TF-Serving's batching scheduler for the live model server (REFERENCE.md "TensorFlow Serving
 * batching"; BasicBatchScheduler): a request joins the open batch if it fits, otherwise the open
 * batch is closed and a new one opened; a full batch is closed at once; an open batch past
 * `batchTimeout` (timeout 0: at once) becomes schedulable: the runner takes it when free, and while
 * the runner is busy it stays open and keeps filling (SharedBatchScheduler's IsOpenBatchSchedulable:
 * only a free batch thread closes it, as the simulator's tfServingPod.ts does). Closed batches run
 * one after another, oldest first. With `maxEnqueuedBatches` batches waiting (open or closed), a
 * request that needs a new batch is refused: the client sees UNAVAILABLE. A request larger than
 * `maxBatchSize` is refused too ("Task size ... is larger than maximum input batch size").
 *
 * One runner: the TF.js backend computes one batch at a time in this process, as the simulator's
 * GPU does (several batch threads share one device).
 */
export interface BatchingSettings {
  maxBatchSize: number;
  /** Seconds. */
  batchTimeout: number;
  maxEnqueuedBatches: number;
}

export interface Task<T> {
  size: number;
  payload: T;
}

interface Batch<T> {
  tasks: Task<T>[];
  size: number;
  timer: NodeJS.Timeout | null;
  /** Past its timeout: the runner may take it as it is. */
  timedOut: boolean;
}

export type Refusal = 'too-large' | 'queue-full';

export class BatchScheduler<T> {
  private open: Batch<T> | null = null;
  private readonly closed: Batch<T>[] = [];
  private running = false;

  constructor(
    private readonly settings: BatchingSettings,
    private readonly runBatch: (tasks: Task<T>[], size: number) => Promise<void>,
  ) {}

  /** Batches waiting (open or closed, not running). */
  get waiting(): number {
    return this.closed.length + (this.open ? 1 : 0);
  }

  /** Queues a task; a refusal reason when it cannot be queued. */
  submit(task: Task<T>): Refusal | null {
    const s = this.settings;
    if (task.size > s.maxBatchSize) return 'too-large';
    if (this.open && this.open.size + task.size > s.maxBatchSize) this.closeOpen();
    if (!this.open) {
      if (this.waiting >= s.maxEnqueuedBatches) return 'queue-full';
      const batch: Batch<T> = { tasks: [], size: 0, timer: null, timedOut: s.batchTimeout <= 0 };
      if (s.batchTimeout > 0) {
        batch.timer = setTimeout(() => {
          batch.timer = null;
          batch.timedOut = true;
          if (this.open === batch && !this.running) this.closeOpen(); // a busy runner takes it when it is free
        }, s.batchTimeout * 1000);
      }
      this.open = batch;
    }
    this.open.tasks.push(task);
    this.open.size += task.size;
    if (this.open.size >= s.maxBatchSize || (this.open.timedOut && !this.running)) this.closeOpen();
    return null;
  }

  private closeOpen(): void {
    const batch = this.open!;
    this.open = null;
    if (batch.timer) clearTimeout(batch.timer);
    batch.timer = null;
    this.closed.push(batch);
    this.pump();
  }

  private pump(): void {
    if (this.running) return;
    let batch = this.closed.shift();
    if (!batch && this.open?.timedOut) {
      this.closeOpen();
      return;
    }
    if (!batch) return;
    this.running = true;
    this.runBatch(batch.tasks, batch.size)
      .catch(() => { /* runBatch answers its own tasks; an error there must not stop the queue */ })
      .finally(() => {
        this.running = false;
        this.pump();
      });
    batch = undefined;
  }

  /** Stops the timers (server shutdown). */
  stop(): void {
    if (this.open?.timer) clearTimeout(this.open.timer);
  }
}
