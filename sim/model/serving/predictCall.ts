import type { DeadlineQueue, EventHandle, Process, Simulation, Waitable } from '../../engine/index.ts';
import type { PredictRequest } from './tfServingPod.ts';

export type CallOutcome = 'ok' | 'deadline' | 'unavailable';

/**
 * One gRPC Predict call seen from the client, and the request the server queues: yield it to wait
 * for the response, the deadline or a lost connection, whichever comes first. On the deadline the
 * request is marked abandoned but stays on the server, which still spends GPU time on it
 * (TF-Serving does not cancel). Deadlines wait in one DeadlineQueue per kiosk (every call has the same
 * deadline): no timer event per call.
 */
export class PredictCall implements Waitable<CallOutcome>, PredictRequest {
  abandoned = false;
  enqueuedAt = NaN;
  private proc: Process<unknown> | null = null;
  /** The deadline's ticket in `deadlines` (-1: none armed). */
  private ticket = -1;
  private responded = false;
  /** The deadline's own timer, for a call whose deadline differs from the queue's (see `ownDeadline`). */
  private timer: EventHandle | null = null;

  constructor(
    /** Where the client's deadline waits; null for no deadline (or one of its own). */
    private readonly deadlines: DeadlineQueue<PredictCall> | null,
    /** Tasks in the request (tiles, or 1 whole image); set anew by `reuse`. */
    public size: number,
    /** A deadline of this call's own, as a timer event (calls with a client-side cost: serving/callOverhead.ts). */
    private readonly ownDeadline: { sim: Simulation; seconds: number } | null = null,
  ) {}

  /**
   * True when nothing holds this call any more: it was answered, or refused at submit (never queued),
   * and not abandoned. An abandoned call may still sit in a server's batch, which reads its `abandoned`
   * and calls `onResponse` later, so it must never carry another request.
   */
  get reusable(): boolean {
    return !this.abandoned && this.proc === null && (this.responded || Number.isNaN(this.enqueuedAt));
  }

  /**
   * Readies a reusable call for the client's next request of `size` tasks: one call object per consumer
   * instead of one per Predict call (three per image). Same events and order: only the allocation goes.
   */
  reuse(size: number): this {
    if (!this.reusable) throw new Error('internal: a Predict call reused while a server or a client still holds it');
    this.size = size;
    this.enqueuedAt = NaN;
    this.responded = false;
    this.ticket = -1;
    this.timer = null;
    return this;
  }

  /** The request as the server sees it. */
  get request(): PredictRequest {
    return this;
  }

  onResponse(): void {
    if (this.abandoned) return;
    this.responded = true;
    this.settle('ok');
  }

  onLost(): void {
    if (this.abandoned || this.responded) return;
    this.abandoned = true;
    this.settle('unavailable');
  }

  /** Wakes the waiting client (if any) with `outcome` and disarms its deadline. */
  private settle(outcome: CallOutcome): void {
    const p = this.proc;
    if (!p) return;
    this.disarm();
    this.proc = null;
    p.wake(outcome);
  }

  subscribe(proc: Process<unknown>): boolean {
    if (this.responded) {
      proc.received = 'ok';
      return true;
    }
    this.proc = proc;
    if (this.deadlines !== null) this.ticket = this.deadlines.arm(this);
    else if (this.ownDeadline !== null) this.timer = this.ownDeadline.sim.schedule(this.ownDeadline.seconds, () => this.onDeadline());
    return false;
  }

  private disarm(): void {
    this.deadlines?.cancel(this.ticket);
    if (this.timer !== null) this.ownDeadline!.sim.cancel(this.timer);
  }

  unsubscribe(): void {
    this.disarm();
    this.proc = null;
    this.abandoned = true;
  }

  /** The deadline passed without a response (called by the DeadlineQueue, as an event). */
  onDeadline(): void {
    this.abandoned = true;
    const p = this.proc!;
    this.proc = null;
    p.resumeNow('deadline');
  }
}
