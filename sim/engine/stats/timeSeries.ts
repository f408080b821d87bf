import { Priority, type Simulation, type Timer } from '../simulation.ts';

/**
 * Columns of numbers sampled at fixed intervals (queue lengths, replicas, nodes over time). Each
 * column is a growable Float64Array aligned with `times`.
 */
export class TimeSeries<K extends string = string> {
  private t: Float64Array;
  private readonly cols: Map<K, Float64Array>;
  private n = 0;

  constructor(readonly names: readonly K[], initialCapacity = 256) {
    this.t = new Float64Array(Math.max(16, initialCapacity));
    this.cols = new Map(names.map((k) => [k, new Float64Array(this.t.length)]));
  }

  get length(): number {
    return this.n;
  }

  /** Appends one row: the time (s) and a value for every column. */
  record(time: number, row: Record<K, number>): void {
    if (this.n > 0 && time < this.t[this.n - 1]!) throw new RangeError(`time series rows must be in time order: ${time}`);
    if (this.n === this.t.length) this.grow();
    this.t[this.n] = time;
    for (const [k, col] of this.cols) col[this.n] = row[k];
    this.n++;
  }

  /** Sample times (a view). */
  get times(): Float64Array {
    return this.t.subarray(0, this.n);
  }

  /** Every column by name (views, in the order of `names`). */
  get columns(): ReadonlyMap<K, Float64Array> {
    return new Map([...this.cols].map(([k, col]) => [k, col.subarray(0, this.n)]));
  }

  /** One column (a view). */
  column(name: K): Float64Array {
    const col = this.cols.get(name);
    if (!col) throw new RangeError(`no column '${name}' (have ${this.names.join(', ')})`);
    return col.subarray(0, this.n);
  }

  private grow(): void {
    const cap = this.t.length * 2;
    const t = new Float64Array(cap);
    t.set(this.t);
    this.t = t;
    for (const [k, col] of this.cols) {
      const c = new Float64Array(cap);
      c.set(col);
      this.cols.set(k, c);
    }
  }
}

/**
 * Samples every probe every `interval` seconds, starting now (or at now + `firstIn`), into a
 * TimeSeries. Samples are taken in LATE-priority events, after everything else due at that time.
 * Cancel the returned timer to stop (a sampler keeps the event queue non-empty: bound the run with
 * `until` or a condition).
 */
export function sampleEvery<K extends string>(
  sim: Simulation,
  interval: number,
  probes: Record<K, () => number>,
  firstIn = 0,
): { series: TimeSeries<K>; timer: Timer } {
  const names = Object.keys(probes) as K[];
  const series = new TimeSeries<K>(names);
  const row = {} as Record<K, number>;
  const take = (now: number): void => {
    for (const k of names) row[k] = probes[k]();
    series.record(now, row);
  };
  const timer = sim.every(interval, take, firstIn, Priority.LATE);
  return { series, timer };
}
