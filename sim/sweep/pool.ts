/**
 * The local run pool: N worker threads, each running one task at a time, fed from one FIFO queue.
 * Results come back whole (typed-array buffers transferred, not copied); which thread ran a task
 * and in what order tasks finished never shows in a result, because a run is a pure function of
 * (config, seed) and callers place each result by its task, not by its arrival.
 */
import type { Worker } from 'node:worker_threads';
import type { ReplicationResult } from '../results/runResult.ts';
import { startWorker } from './entry.ts';
import type { ReplyMessage, TaskMessage } from './poolWorker.ts';
import { reviveReplication } from './slim.ts';
import type { Executor, RunTask } from './task.ts';
import type { OnRunProgress } from './runProgress.ts';

interface Pending {
  id: number;
  task: RunTask;
  onProgress?: OnRunProgress;
  resolve: (r: ReplicationResult) => void;
  reject: (e: Error) => void;
}

interface Slot { worker: Worker; busy: Pending | null }

export class RunPool implements Executor {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a run pool needs at least one thread, got ${size}`);
  }

  run(task: RunTask, onProgress?: OnRunProgress): Promise<ReplicationResult> {
    if (this.closed) return Promise.reject(new Error('the run pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, onProgress, resolve, reject });
      this.dispatch();
    });
  }

  /** Threads start on demand: a batch of 2 runs on -j 16 starts 2. */
  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.busy = job;
      slot.worker.postMessage({ id: job.id, task: job.task } satisfies TaskMessage);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(import.meta.url, 'poolWorker'), busy: null };
    slot.worker.on('message', (m: ReplyMessage) => {
      const job = slot.busy;
      if (!job || job.id !== m.id) return;
      if (m.kind === 'progress') return job.onProgress?.({ fraction: m.fraction, simulated_s: m.simulated_s });
      slot.busy = null;
      if (m.kind === 'done') job.resolve(reviveReplication(m.result));
      else job.reject(Object.assign(new Error(m.message), { name: m.name, stack: m.stack }));
      this.dispatch();
    });
    const fail = (e: Error) => {
      this.slots.splice(this.slots.indexOf(slot), 1);
      slot.busy?.reject(e);
      slot.busy = null;
      if (!this.closed) this.dispatch();
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => { if (this.slots.includes(slot)) fail(new Error(`a run thread exited with code ${code}`)); });
    this.slots.push(slot);
    return slot;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the run pool was closed'));
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
