import type { Process, Simulation, Waitable } from '../../engine/index.ts';
import { KeyRing } from './keyRing.ts';

/**
 * A Redis list that consumers POLL (the kiosk consumers never block): a consumer that finds it empty
 * sleeps `emptySleep` seconds and looks again, so it polls at times phase + k x emptySleep.
 *
 * Modelled without one event per empty poll: an idle consumer is kept with its polling phase, and
 * only when the list holds more keys than consumers already due to look is the idle consumer whose
 * next poll comes first scheduled to wake at that exact poll time. A consumer that then finds the
 * list empty (someone else took the key) goes back to idle with the same phase, exactly as the real
 * loop would. The outcome is identical to simulating every empty poll; `emptyPolls` counts them.
 *
 * Keys are LPUSHed at one end and RPOPLPUSHed from the other: first in, first out.
 */
export class PolledQueue {
  readonly keys = new KeyRing();
  /** Idle consumers, sorted by phase (their last poll time modulo emptySleep). */
  private idle: { proc: Process<unknown>; phase: number; since: number }[] = [];
  private due = 0;
  private readonly scheduled = new Map<Process<unknown>, { handle: ReturnType<Simulation['at']>; phase: number; since: number }>();
  /** Empty polls that the real consumers would have made (counted analytically). */
  emptyPolls = 0;
  /** Keys ever pushed (for Little's law checks). */
  pushes = 0;
  /** Integral of the list length over time, up to `areaAt` (time-weighted mean length = area / time). */
  private area = 0;
  private areaAt = 0;
  private readonly takeOp: Waitable<number>;
  /** Redis is down (a scheduled fault, faults/scheduledFaults.ts): a poll waits until it is back. */
  paused = false;
  /** When Redis went down (while paused). */
  protected pausedAt = 0;
  /** Consumers whose poll came while Redis was down, and when: their command waits for Redis. */
  protected blocked: { proc: Process<unknown>; issued: number }[] = [];

  constructor(
    private readonly sim: Simulation,
    readonly name: string,
    private readonly emptySleep: number,
  ) {
    const q = this;
    this.takeOp = {
      subscribe(proc) {
        if (q.paused) return q.block(proc, q.sim.now);
        if (q.keys.length > 0) {
          q.touch();
          proc.received = q.keys.popFront();
          return true;
        }
        q.emptyPolls++;
        q.addIdle(proc, q.emptySleep > 0 ? q.sim.now % q.emptySleep : 0, q.sim.now);
        return false;
      },
      unsubscribe(proc) {
        q.forget(proc);
      },
    };
  }

  get length(): number {
    return this.keys.length;
  }

  /** Integral of the list length over [0, now] (key-seconds). */
  lengthIntegral(): number {
    return this.area + this.keys.length * (this.sim.now - this.areaAt);
  }

  private touch(): void {
    const now = this.sim.now;
    this.area += this.keys.length * (now - this.areaAt);
    this.areaAt = now;
  }

  /** Number of consumers currently idle (sleeping on an empty list). */
  get idleConsumers(): number {
    return this.idle.length + this.scheduled.size;
  }

  /** LPUSH: the key joins the back of the line. */
  push(key: number): void {
    this.touch();
    this.keys.pushBack(key);
    this.pushes++;
    this.dispatch();
  }

  /** Puts a key back at the front of the line (a recovered key that had been popped first). */
  pushFront(key: number): void {
    this.touch();
    this.keys.pushFront(key);
    this.pushes++;
    this.dispatch();
  }

  /** Yield from a consumer process: RPOPLPUSH now if a key is there, else sleep-and-poll until one is. */
  take(): Waitable<number> {
    return this.takeOp;
  }

  /** RPOPLPUSH without waiting: the first key, or undefined when the list is empty. */
  popNow(): number | undefined {
    if (this.keys.length === 0) return undefined;
    this.touch();
    return this.keys.popFront();
  }

  /**
   * Redis down (true) or back (false). A poll made while it is down is neither answered nor empty:
   * the consumer's client holds the command (ioredis queues it, the kiosk's RedisClient retries it)
   * until Redis answers, at `doneAt(issued)` (faults/redisOutage.ts; default: the moment it is
   * back); the consumer then gets a key, or sleeps from then on. Idle consumers whose sleep ended
   * during the outage polled then too.
   */
  setPaused(paused: boolean, doneAt: (issued: number) => number = () => this.sim.now): void {
    this.paused = paused;
    if (paused) {
      this.pausedAt = this.sim.now;
      return;
    }
    this.takeBlockedIdle();
    const blocked = this.blocked.sort((a, b) => a.issued - b.issued);
    this.blocked = [];
    for (const b of blocked) this.answer(b.proc, Math.max(this.sim.now, doneAt(b.issued)));
    this.dispatch();
  }

  /** A poll while Redis is down: the consumer waits for its answer (setPaused(false)). */
  protected block(proc: Process<unknown>, issued: number): false {
    this.blocked.push({ proc, issued });
    return false;
  }

  /** The held poll is answered at `at`: a key if one is there then, else the consumer sleeps from then on. */
  protected answer(proc: Process<unknown>, at: number): void {
    const S = this.emptySleep;
    this.schedulePoll(proc, at, S > 0 ? at % S : 0);
  }

  /** `proc` polls at `at` (its phase kept for when it finds the list empty again). */
  private schedulePoll(proc: Process<unknown>, at: number, phase: number): void {
    const handle = this.sim.at(at, () => this.poll(proc));
    this.scheduled.set(proc, { handle, phase, since: at });
    this.due++;
  }

  /** The first poll at or after `t` of a consumer with this phase (one every emptySleep; `t` itself without a sleep). */
  private nextPollAt(phase: number, t: number): number {
    const S = this.emptySleep;
    if (!(S > 0)) return t;
    const r = t % S;
    return t - r + phase + (phase < r ? S : 0);
  }

  /** Idle consumers whose next poll after Redis went down came before it was back: they are held too. */
  private takeBlockedIdle(): void {
    this.idle = this.idle.filter((e) => {
      const issued = this.nextPollAt(e.phase, this.pausedAt);
      if (issued >= this.sim.now) return true;
      this.blocked.push({ proc: e.proc, issued });
      return false;
    });
  }

  /**
   * The first key, RPOPLPUSHed and put straight back at the end of the line (LPUSH): popNow() then
   * push(key) in one step, for the zip rotation's millions of pops of waiting parents. The list is not
   * empty. Same state as the two calls (the second one's length integral adds zero time).
   */
  cycleFront(): void {
    this.touch();
    this.keys.cycle();
    this.pushes++;
    this.dispatch();
  }

  /**
   * cycleFront right after a cycleFront, with nothing else done to the queue in between: the same state
   * at less cost, for the pooled zip rotation's runs of pops over waiting parents. The first call's
   * touch already brought the length integral to now (a second one adds length x 0), and its dispatch
   * left no idle consumer to wake while the length, `due` and the idle list stay as they were.
   */
  cycleFrontAgain(): void {
    this.keys.cycle();
    this.pushes++;
  }

  /**
   * The bookkeeping of `n` cycles in a row (n >= 1) whose key moves a scan made on `keys` itself
   * (WaitingParents.cycleWaiting), with nothing else done to the queue in between: the state of
   * cycleFront, then cycleFrontAgain n - 1 times (all n as cycleFrontAgain when `again`: the stretch
   * follows a cycle). Touch and dispatch read only the length, which cycles keep.
   */
  cycledFront(n: number, again: boolean): void {
    if (!again) this.touch();
    this.pushes += n;
    if (!again) this.dispatch();
  }

  /** Removes a specific key if queued (LREM). */
  remove(key: number): boolean {
    this.touch();
    return this.keys.remove(key);
  }

  private addIdle(proc: Process<unknown>, phase: number, since: number): void {
    const idle = this.idle;
    let lo = 0;
    let hi = idle.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (idle[mid]!.phase <= phase) lo = mid + 1;
      else hi = mid;
    }
    idle.splice(lo, 0, { proc, phase, since });
    if (this.keys.length > this.due) this.dispatch();
  }

  protected forget(proc: Process<unknown>): void {
    const b = this.blocked.findIndex((e) => e.proc === proc);
    if (b >= 0) this.blocked.splice(b, 1);
    const s = this.scheduled.get(proc);
    if (s) {
      this.sim.cancel(s.handle);
      this.scheduled.delete(proc);
      this.due--;
      return;
    }
    const i = this.idle.findIndex((e) => e.proc === proc);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /** Wakes idle consumers, earliest next poll first, while keys outnumber consumers already due. */
  private dispatch(): void {
    const now = this.sim.now;
    const S = this.emptySleep;
    while (this.keys.length > this.due && this.idle.length > 0 && !this.paused) {
      let i = 0;
      let next = now;
      if (S > 0) {
        // the idle consumer with the smallest phase >= now mod S polls first (wrapping around)
        const r = now % S;
        let lo = 0;
        let hi = this.idle.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (this.idle[mid]!.phase < r) lo = mid + 1;
          else hi = mid;
        }
        i = lo < this.idle.length ? lo : 0;
        next = this.nextPollAt(this.idle[i]!.phase, now);
      }
      if (next < now) next = now; // floating-point guard
      const entry = this.idle.splice(i, 1)[0]!;
      const since = entry.since;
      // empty polls made between going idle and this wake-up
      if (S > 0) this.emptyPolls += Math.max(0, Math.round((next - since) / S) - 1);
      this.schedulePoll(entry.proc, next, entry.phase);
    }
  }

  private poll(proc: Process<unknown>): void {
    const s = this.scheduled.get(proc)!;
    this.scheduled.delete(proc);
    this.due--;
    if (this.paused) {
      this.block(proc, this.sim.now);
      return;
    }
    if (this.keys.length > 0) {
      this.touch();
      proc.resumeNow(this.keys.popFront());
    } else {
      this.emptyPolls++;
      this.addIdle(proc, s.phase, s.since);
    }
  }
}
