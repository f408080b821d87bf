import type { EventHandle, Process, Simulation, Waitable } from '../../engine/index.ts';
import type { PredictRequest } from './tfServingPod.ts';

export type CallOutcome = 'ok' | 'deadline' | 'unavailable';

/**
 * One gRPC Predict call seen from the client, and the request the server queues: yield it to wait
 * for the response, the deadline or a lost connection, whichever comes first. On the deadline the
 * request is marked abandoned but stays on the server, which still spends GPU time on it
 * (TF-Serving does not cancel).
 */
export class PredictCall implements Waitable<CallOutcome>, PredictRequest {
  abandoned = false;
  enqueuedAt = NaN;
  private proc: Process<unknown> | null = null;
  private timer: EventHandle | null = null;
  private responded = false;

  constructor(
    private readonly sim: Simulation,
    readonly size: number,
    private readonly deadline: number,
  ) {}

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
    this.sim.cancel(this.timer);
    this.proc = null;
    p.wake(outcome);
  }

  subscribe(proc: Process<unknown>): boolean {
    if (this.responded) {
      proc.received = 'ok';
      return true;
    }
    this.proc = proc;
    if (this.deadline < Infinity) this.timer = this.sim.schedule(this.deadline, () => this.expire());
    return false;
  }

  unsubscribe(): void {
    this.sim.cancel(this.timer);
    this.proc = null;
    this.abandoned = true;
  }

  private expire(): void {
    this.abandoned = true;
    const p = this.proc!;
    this.proc = null;
    p.resumeNow('deadline');
  }
}
