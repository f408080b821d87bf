/**
 * A running tally of observations: count, mean and variance by Welford's online algorithm (numerically
 * stable, one pass, O(1) memory), plus sum, min and max.
 */
export class Tally {
  count = 0;
  mean = 0;
  min = Infinity;
  max = -Infinity;
  /** Sum of squared deviations from the running mean (Welford's M2). */
  private m2 = 0;

  add(x: number): void {
    const n = ++this.count;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  get sum(): number {
    return this.mean * this.count;
  }

  /** Sample variance (divisor n - 1); NaN with fewer than two observations. */
  get variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : NaN;
  }

  /** Population variance (divisor n); NaN when empty. */
  get populationVariance(): number {
    return this.count > 0 ? this.m2 / this.count : NaN;
  }

  /** Sample standard deviation. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Combines another tally into this one (Chan et al.'s parallel update). */
  merge(other: Tally): void {
    if (other.count === 0) return;
    if (this.count === 0) {
      this.count = other.count;
      this.mean = other.mean;
      this.m2 = other.m2;
      this.min = other.min;
      this.max = other.max;
      return;
    }
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    this.mean += (delta * other.count) / n;
    this.count = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }
}
