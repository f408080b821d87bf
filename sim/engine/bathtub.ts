/**
 * The bathtub lifetime of a preemptible VM (sim/model/REFERENCE.md, "Preemptible and Spot VMs",
 * after Kadupitiya, Jadhao & Sharma, HPDC 2020): high hazard right after launch, low in mid-life, and a
 * spike towards the 24 h cap. Their CDF, with t in the same unit as b, tau1 and tau2:
 *
 *   F(t) = A (1 - e^(-t/tau1) + e^((t-b)/tau2)),  clipped to at most 1,
 *
 * truncated at `cap`: the probability 1 - F(cap) left at the cap is placed on the cap itself (the VM is
 * stopped there for certain). Sampling inverts F numerically by bisection on [0, cap]; F is strictly
 * increasing (F' = A (e^(-t/tau1)/tau1 + e^((t-b)/tau2)/tau2) > 0), so the root is unique.
 *
 * The engine knows the shape only; every parameter is given. The fit for GCE's preemptible VMs is the
 * model's (sim/model/cluster/preemptionFit.ts).
 */

/** Parameters of the bathtub CDF. Times in seconds. */
export interface BathtubParams {
  /** Scale of the CDF (dimensionless, 0 < A < 1). */
  A: number;
  /** Time of the end-of-life spike (s). */
  b: number;
  /** Time constant of early failures (s). */
  tau1: number;
  /** Time constant of the end-of-life spike (s). */
  tau2: number;
  /** Hard cap on the lifetime (s). */
  cap: number;
}

export function validateBathtub(p: BathtubParams): void {
  if (!(p.A > 0 && p.A < 1)) throw new RangeError(`bathtub A must be in (0, 1), got ${p.A}`);
  if (!(p.tau1 > 0) || !(p.tau2 > 0)) throw new RangeError(`bathtub tau1 and tau2 must be > 0 (s), got ${p.tau1}, ${p.tau2}`);
  if (!(p.cap > 0) || !Number.isFinite(p.cap)) throw new RangeError(`bathtub cap must be a positive finite time (s), got ${p.cap}`);
  if (!Number.isFinite(p.b)) throw new RangeError(`bathtub b must be finite (s), got ${p.b}`);
}

/** The fitted F(t) before truncation, clipped to at most 1. */
function fittedCdf(p: BathtubParams, t: number): number {
  const f = p.A * (1 - Math.exp(-t / p.tau1) + Math.exp((t - p.b) / p.tau2));
  return f < 1 ? f : 1;
}

/** P(lifetime <= t) of the truncated distribution: the fitted F below the cap, 1 from the cap on. */
export function bathtubCdf(p: BathtubParams, t: number): number {
  if (t < 0) return 0;
  if (t >= p.cap) return 1;
  return fittedCdf(p, t);
}

/** The lifetime whose CDF value is u (u in [0, 1)): the generalized inverse of the truncated F. */
export function bathtubInverse(p: BathtubParams, u: number): number {
  if (u >= fittedCdf(p, p.cap)) return p.cap; // the mass left at the cap
  if (u <= fittedCdf(p, 0)) return 0; // F(0) = A e^(-b/tau2) > 0: a (tiny) atom at 0
  let lo = 0;
  let hi = p.cap;
  // 64 halvings of [0, cap] reach double precision; stop once the bracket is 1e-9 s wide.
  for (let i = 0; i < 64 && hi - lo > 1e-9; i++) {
    const mid = 0.5 * (lo + hi);
    if (fittedCdf(p, mid) < u) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Mean lifetime, E[T] = integral over [0, cap] of (1 - F(t)) dt, by the midpoint rule (20 000 steps). */
export function bathtubMean(p: BathtubParams): number {
  const n = 20000;
  const h = p.cap / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += 1 - bathtubCdf(p, (i + 0.5) * h);
  return s * h;
}
