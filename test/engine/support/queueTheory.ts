/**
 * Textbook steady-state results for the queues the engine is checked against (Kleinrock, Queueing
 * Systems vol. 1; Gross & Harris). Rates per second, times in seconds.
 */

/** Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = lambda / mu (a < c). */
export function erlangC(c: number, a: number): number {
  if (!(a < c)) throw new RangeError(`unstable: offered load ${a} >= ${c} servers`);
  let term = 1; // a^k / k!
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * c) / (c - a); // a^c / c! x c / (c - a)
  return last / (sum + last);
}

/** Mean waiting time in queue (excluding service) of M/M/c: Wq = C(c, a) / (c mu - lambda). */
export function mmcWait(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** Pollaczek-Khinchine mean wait of M/G/1: Wq = lambda E[S^2] / (2 (1 - rho)). */
export function pkWait(lambda: number, meanService: number, secondMoment: number): number {
  const rho = lambda * meanService;
  if (!(rho < 1)) throw new RangeError(`unstable: rho = ${rho}`);
  return (lambda * secondMoment) / (2 * (1 - rho));
}
