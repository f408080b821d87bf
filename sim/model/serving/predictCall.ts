import type { EventHandle, Process, Simulation, Waitable } from '../../engine/index.ts';
import type { PredictRequest } from './tfServingPod.ts';

export type CallOutcome = 'ok' | 'deadline' | 'unavailable';

/**
 * One gRPC Predict call seen from the client: yield it to wait for the response or the deadline,
 * whichever comes first. On the deadline the request is marked abandoned but stays on the server,
 * which still spends GPU time on it (TF-Serving does not cancel).
 */
export class PredictCall implements Waitable<CallOutcome> {
  readonly request: PredictRequest;
  private proc: Process<unknown> | null = null;
  private timer: EventHandle | null = null;
  private responded = false;

  constructor(
    private readonly sim: Simulation,
    size: number,
    private readonly deadline: number,
  ) {
    this.request = { size, abandoned: false, enqueuedAt: NaN, onResponse: () => this.respond(), onLost: () => this.lose() };
  }

  private lose(): void {
    if (this.request.abandoned || this.responded) return;
    this.request.abandoned = true;
    if (this.proc) {
      this.sim.cancel(this.timer);
      const p = this.proc;
      this.proc = null;
      p.wake('unavailable');
    }
  }

  private respond(): void {
    if (this.request.abandoned) return;
    this.responded = true;
    if (this.proc) {
      this.sim.cancel(this.timer);
      const p = this.proc;
      this.proc = null;
      p.wake('ok');
    }
  }

  subscribe(proc: Process<unknown>): boolean {
    if (this.responded) {
      proc.received = 'ok';
      return true;
    }
    this.proc = proc;
    this.timer = this.sim.schedule(this.deadline, () => {
      this.request.abandoned = true;
      const p = this.proc!;
      this.proc = null;
      p.resumeNow('deadline');
    });
    return false;
  }

  unsubscribe(): void {
    this.sim.cancel(this.timer);
    this.proc = null;
    this.request.abandoned = true;
  }
}
