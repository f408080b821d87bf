/**
 * The time average of a piecewise-constant quantity (a queue length, busy servers, nodes up):
 * (1 / (t - start)) x integral of value dt. Call `update(now, value)` whenever the value changes; the
 * previous value is credited for the time since the last update. Times never go backwards.
 */
export class TimeWeighted {
  /** The current value. */
  value: number;
  min: number;
  max: number;
  private start: number;
  private last: number;
  private area = 0;

  /** Starts at time `start` (s) with `initial` as the value. */
  constructor(start = 0, initial = 0) {
    this.start = start;
    this.last = start;
    this.value = initial;
    this.min = initial;
    this.max = initial;
  }

  /** The value changes to `value` at time `now`. */
  update(now: number, value: number): void {
    this.advance(now);
    this.value = value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Adds `delta` to the value at time `now` (e.g. +1 on arrival, -1 on departure). */
  add(now: number, delta: number): void {
    this.update(now, this.value + delta);
  }

  /** Integral of the value from the start to `now` (value x s). */
  integral(now: number): number {
    return this.area + this.value * (now - this.last);
  }

  /** Time average over [start, now]; the current value when no time has passed. */
  mean(now: number): number {
    const span = now - this.start;
    if (now < this.last) throw new RangeError(`time went backwards: ${now} < ${this.last}`);
    return span > 0 ? this.integral(now) / span : this.value;
  }

  /** Forgets the history (e.g. after a warm-up): averages restart at `now` from the current value. */
  reset(now: number): void {
    this.advance(now);
    this.start = now;
    this.area = 0;
    this.min = this.value;
    this.max = this.value;
  }

  private advance(now: number): void {
    if (now < this.last) throw new RangeError(`time went backwards: ${now} < ${this.last}`);
    this.area += this.value * (now - this.last);
    this.last = now;
  }
}
