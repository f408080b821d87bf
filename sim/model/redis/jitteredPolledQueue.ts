import type { EventHandle, Process, Sampler, Simulation, Waitable } from '../../engine/index.ts';
import { PolledQueue } from './polledQueue.ts';

/**
 * A polled list whose consumers wake late from each empty-queue sleep by a random amount (timers on
 * a loaded host): a consumer that finds the list empty sleeps `period + jitter()` and looks again,
 * so its phase drifts from poll to poll. Unlike PolledQueue's phase bookkeeping, every empty poll is
 * an event here; meant for small validation runs (sim/live), not for million-image runs.
 */
export class JitteredPolledQueue extends PolledQueue {
  private readonly sleepers = new Map<Process<unknown>, EventHandle>();
  private readonly jitteredTake: Waitable<number>;

  constructor(
    private readonly clock: Simulation,
    name: string,
    private readonly period: number,
    private readonly jitter: Sampler,
  ) {
    super(clock, name, period);
    this.jitteredTake = {
      subscribe: (proc) => {
        if (this.paused) return this.block(proc, this.clock.now);
        const key = this.popNow();
        if (key !== undefined) {
          proc.received = key;
          return true;
        }
        this.sleep(proc);
        return false;
      },
      unsubscribe: (proc) => {
        this.clock.cancel(this.sleepers.get(proc) ?? null);
        this.sleepers.delete(proc);
        this.forget(proc);
      },
    };
  }

  override take(): Waitable<number> {
    return this.jitteredTake;
  }

  override get idleConsumers(): number {
    return this.sleepers.size;
  }

  private sleep(proc: Process<unknown>): void {
    this.emptyPolls++;
    this.sleepers.set(proc, this.clock.schedule(this.period + Math.max(0, this.jitter()), () => this.wake(proc)));
  }

  /** A held poll (Redis down) is answered at `at`: every poll here is its own event, so it is one more wake-up. */
  protected override answer(proc: Process<unknown>, at: number): void {
    this.sleepers.set(proc, this.clock.at(at, () => this.wake(proc)));
  }

  private wake(proc: Process<unknown>): void {
    this.sleepers.delete(proc);
    if (this.paused) {
      this.block(proc, this.clock.now);
      return;
    }
    const key = this.popNow();
    if (key !== undefined) proc.resumeNow(key);
    else this.sleep(proc);
  }
}
