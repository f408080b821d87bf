/**
 * The cost ledger's lines as columns (start, stop, hourly price, GPU or not), for the sums the run asks
 * for at every time-series sample (cost_usd) and at its end.
 *
 * What it buys: `summarise` over the line objects reads them scattered over the heap, and a sample of
 * the 10^6-image headline (532 lines by its end, 1,237 samples) found most of them out of the cache;
 * here a sum is a pass over four dense arrays. The arithmetic is summarise's, term by term in line
 * order (an open line's stop is Infinity, and min(Infinity, t) is t), so the sums are the same doubles.
 */
export interface LineSums {
  gpuNodes: number;
  cpuNodes: number;
  total: number;
  gpuNodeHours: number;
  cpuNodeHours: number;
}

export class LineColumns {
  private start = new Float64Array(64);
  private stop = new Float64Array(64);
  private price = new Float64Array(64);
  private gpu = new Uint8Array(64);
  /** Lines held. */
  length = 0;

  /** A new line (its index): started at `start` (s), `hourlyPrice` USD/h, a GPU node or not; open until `close`. */
  add(start: number, hourlyPrice: number, gpuNode: boolean): number {
    if (this.length === this.start.length) this.grow();
    const i = this.length++;
    this.start[i] = start;
    this.stop[i] = Infinity;
    this.price[i] = hourlyPrice;
    this.gpu[i] = gpuNode ? 1 : 0;
    return i;
  }

  /** Line `i` stopped at `t` (s). */
  close(i: number, t: number): void {
    this.stop[i] = t;
  }

  /** Node cost and node-hours of every line up to `t` (summarise's sums). */
  sumAt(t: number): LineSums {
    const { start, stop, price, gpu } = this;
    let gpuNodes = 0;
    let cpuNodes = 0;
    let gpuNodeHours = 0;
    let cpuNodeHours = 0;
    for (let i = 0; i < this.length; i++) {
      const hours = Math.max(0, Math.min(stop[i]!, t) - start[i]!) / 3600; // lineSeconds(line, t) / 3600
      if (gpu[i] === 1) {
        gpuNodes += hours * price[i]!;
        gpuNodeHours += hours;
      } else {
        cpuNodes += hours * price[i]!;
        cpuNodeHours += hours;
      }
    }
    return { gpuNodes, cpuNodes, total: gpuNodes + cpuNodes, gpuNodeHours, cpuNodeHours };
  }

  private grow(): void {
    const n = this.start.length * 2;
    const widen = <A extends Float64Array | Uint8Array>(a: A, b: A): A => (b.set(a), b);
    this.start = widen(this.start, new Float64Array(n));
    this.stop = widen(this.stop, new Float64Array(n));
    this.price = widen(this.price, new Float64Array(n));
    this.gpu = widen(this.gpu, new Uint8Array(n));
  }
}
