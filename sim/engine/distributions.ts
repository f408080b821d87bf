/**
 * Random variates, d3-random style: each factory takes a RandomStream (sim/engine/rng.ts) and its
 * parameters and returns a sampler `() => number`. Nothing here reads Math.random or the clock.
 *
 * Units: a distribution does not know its unit; the kiosk model uses seconds for every duration, so
 * "mean (s)" below means "seconds when the variate is a duration". Parameters are checked when the
 * sampler is made (RangeError with the parameter's name), never per draw.
 *
 * Uniforms from a stream lie in [0, 1); samplers use 1 - u where a logarithm needs (0, 1].
 */
import { bathtubInverse, bathtubMean, validateBathtub, type BathtubParams } from './bathtub.ts';
import type { RandomStream } from './rng.ts';
import { normalCdf, normalPdf } from './special.ts';
import { standardNormal } from './ziggurat.ts';

export type Sampler = () => number;

/** A distribution described as data (scenario files, configs). Every field is documented with its unit. */
export type DistributionSpec =
  /** Always `value`. */
  | { kind: 'constant'; value: number }
  /** Uniform on [min, max). */
  | { kind: 'uniform'; min: number; max: number }
  /** Exponential with the given mean (s); rate = 1 / mean. */
  | { kind: 'exponential'; mean: number }
  /**
   * Normal with mean and standard deviation sd (s), truncated to [min, max] (defaults: unbounded) by
   * rejection; the window must keep at least 1e-6 of the mass.
   */
  | { kind: 'normal'; mean: number; sd: number; min?: number; max?: number }
  /** Lognormal given its own mean (s) and coefficient of variation cv = sd / mean (dimensionless). */
  | { kind: 'lognormal'; mean: number; cv: number }
  /** Lognormal given mu and sigma of the underlying normal (ln of seconds; sigma dimensionless). */
  | { kind: 'lognormal'; mu: number; sigma: number }
  /** Gamma with shape k (dimensionless) and scale theta (s): mean k theta, variance k theta^2. */
  | { kind: 'gamma'; shape: number; scale: number }
  /** Gamma given its mean (s) and coefficient of variation cv: shape 1/cv^2, scale mean cv^2. */
  | { kind: 'gamma'; mean: number; cv: number }
  /**
   * Empirical from observed values (s). `resample` (default): draw one of the values, each with
   * probability 1/n. `interpolate`: piecewise-linear inverse CDF through the sorted values, the i-th of
   * n at probability i/(n-1) (continuous, between the smallest and the largest value).
   */
  | { kind: 'empirical'; values: readonly number[]; method?: 'resample' | 'interpolate' }
  /**
   * Bathtub lifetime of a preemptible VM (see bathtub.ts): A (dimensionless), b, tau1, tau2, cap (s).
   * Missing fields take the all-data fit of sim/model/REFERENCE.md (A 0.414, b 24.45 h, tau1 0.95 h,
   * tau2 0.767 h, cap 24 h).
   */
  | { kind: 'bathtub'; A: number; b: number; tau1: number; tau2: number; cap: number };

export type DistributionKind = DistributionSpec['kind'];
type SpecOf<K extends DistributionKind> = Extract<DistributionSpec, { kind: K }>;

// ---------------------------------------------------------------------------------------------
// Factories

/** Always `value`. */
export function constant(value: number): Sampler {
  requireFinite('constant value', value);
  return () => value;
}

/** Uniform on [min, max). */
export function uniform(stream: RandomStream, min: number, max: number): Sampler {
  requireFinite('uniform min', min);
  requireFinite('uniform max', max);
  if (!(max >= min)) throw new RangeError(`uniform needs max >= min, got min ${min}, max ${max}`);
  const width = max - min;
  return () => min + width * stream.next();
}

/** Exponential with mean `mean` (> 0), by inversion: -mean ln(1 - u). */
export function exponential(stream: RandomStream, mean: number): Sampler {
  requirePositive('exponential mean', mean);
  return () => -mean * Math.log(1 - stream.next());
}

/** One standard normal variate (the ziggurat method; one uniform for most). */
export { standardNormal };

/** Normal(mean, sd) truncated to [min, max] by rejection (sd >= 0). */
export function normal(stream: RandomStream, mean: number, sd: number, min = -Infinity, max = Infinity): Sampler {
  requireFinite('normal mean', mean);
  if (!(sd >= 0) || !Number.isFinite(sd)) throw new RangeError(`normal sd must be finite and >= 0, got ${sd}`);
  if (!(max >= min)) throw new RangeError(`normal needs max >= min, got min ${min}, max ${max}`);
  if (sd === 0) {
    if (mean < min || mean > max) throw new RangeError(`normal with sd 0 has its mean ${mean} outside [${min}, ${max}]`);
    return () => mean;
  }
  const mass = normalCdf((max - mean) / sd) - normalCdf((min - mean) / sd);
  if (!(mass >= 1e-6)) {
    throw new RangeError(`normal(${mean}, ${sd}) truncated to [${min}, ${max}] keeps ${mass} of the mass; rejection needs >= 1e-6`);
  }
  return () => {
    for (;;) {
      const x = mean + sd * standardNormal(stream);
      if (x >= min && x <= max) return x;
    }
  };
}

/** Lognormal: exp(mu + sigma Z). Mean exp(mu + sigma^2/2). */
export function lognormal(stream: RandomStream, mu: number, sigma: number): Sampler {
  requireFinite('lognormal mu', mu);
  if (!(sigma >= 0) || !Number.isFinite(sigma)) throw new RangeError(`lognormal sigma must be finite and >= 0, got ${sigma}`);
  return () => Math.exp(mu + sigma * standardNormal(stream));
}

/** mu and sigma of the lognormal with the given mean (> 0) and coefficient of variation (>= 0). */
export function lognormalParams(mean: number, cv: number): { mu: number; sigma: number } {
  requirePositive('lognormal mean', mean);
  if (!(cv >= 0) || !Number.isFinite(cv)) throw new RangeError(`lognormal cv must be finite and >= 0, got ${cv}`);
  const sigma2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/**
 * Gamma(shape k, scale theta) by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables"; for k < 1 it draws Gamma(k + 1) and multiplies by u^(1/k).
 */
export function gamma(stream: RandomStream, shape: number, scale: number): Sampler {
  requirePositive('gamma shape', shape);
  requirePositive('gamma scale', scale);
  const boost = shape < 1;
  const d = (boost ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const invShape = 1 / shape;
  return () => {
    let x: number;
    let v: number;
    for (;;) {
      do {
        x = standardNormal(stream);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - stream.next(); // (0, 1]
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) break;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) break;
    }
    let g = d * v;
    if (boost) g *= Math.pow(1 - stream.next(), invShape);
    return g * scale;
  };
}

/** Shape and scale of the gamma with the given mean (> 0) and coefficient of variation (> 0). */
export function gammaParams(mean: number, cv: number): { shape: number; scale: number } {
  requirePositive('gamma mean', mean);
  requirePositive('gamma cv', cv);
  return { shape: 1 / (cv * cv), scale: mean * cv * cv };
}

/** Draws one of `values` uniformly (bootstrap resampling). */
export function empiricalResample(stream: RandomStream, values: readonly number[]): Sampler {
  const xs = checkedValues(values);
  const n = xs.length;
  return () => xs[Math.floor(stream.next() * n)]!;
}

/** Piecewise-linear inverse CDF through the sorted values (the i-th of n at probability i/(n-1)). */
export function empiricalInterpolated(stream: RandomStream, values: readonly number[]): Sampler {
  const xs = Float64Array.from(checkedValues(values)).sort();
  const last = xs.length - 1;
  if (last === 0) return () => xs[0]!;
  return () => {
    const pos = stream.next() * last;
    const i = Math.floor(pos);
    return xs[i]! + (pos - i) * (xs[i + 1]! - xs[i]!);
  };
}

/** Bathtub lifetime (see bathtub.ts), by numerical inversion of its CDF. */
export function bathtub(stream: RandomStream, params: BathtubParams): Sampler {
  validateBathtub(params);
  const p = { ...params };
  return () => bathtubInverse(p, stream.next());
}

// ---------------------------------------------------------------------------------------------
// Specs -> samplers

type Factory<K extends DistributionKind> = (spec: SpecOf<K>, stream: RandomStream) => Sampler;

function bathtubParamsOf(spec: SpecOf<'bathtub'>): BathtubParams {
  return { A: spec.A, b: spec.b, tau1: spec.tau1, tau2: spec.tau2, cap: spec.cap };
}

const factories = {
  constant: (s) => constant(s.value),
  uniform: (s, r) => uniform(r, s.min, s.max),
  exponential: (s, r) => exponential(r, s.mean),
  normal: (s, r) => normal(r, s.mean, s.sd, s.min ?? -Infinity, s.max ?? Infinity),
  lognormal: (s, r) => {
    const { mu, sigma } = 'mu' in s ? s : lognormalParams(s.mean, s.cv);
    return lognormal(r, mu, sigma);
  },
  gamma: (s, r) => {
    const { shape, scale } = 'shape' in s ? s : gammaParams(s.mean, s.cv);
    return gamma(r, shape, scale);
  },
  empirical: (s, r) => (s.method === 'interpolate' ? empiricalInterpolated(r, s.values) : empiricalResample(r, s.values)),
  bathtub: (s, r) => bathtub(r, bathtubParamsOf(s)),
} satisfies { [K in DistributionKind]: Factory<K> };

/** Every distribution kind, for schemas and messages. */
export const DISTRIBUTION_KINDS = Object.keys(factories) as DistributionKind[];

/** A sampler for `spec` drawing from `stream`. Throws RangeError on invalid parameters. */
export function makeDistribution(spec: DistributionSpec, stream: RandomStream): Sampler {
  const factory = factories[spec.kind] as Factory<DistributionKind> | undefined;
  if (!factory) throw new RangeError(`unknown distribution kind '${(spec as { kind: unknown }).kind}' (expected one of ${DISTRIBUTION_KINDS.join(', ')})`);
  return factory(spec as never, stream);
}

/**
 * The mean of `spec`: closed form for every kind (bathtub: a numerical integral of 1 - F, see
 * bathtub.ts). Same unit as the variate.
 */
export function meanOf(spec: DistributionSpec): number {
  switch (spec.kind) {
    case 'constant':
      return spec.value;
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'exponential':
      return spec.mean;
    case 'normal': {
      const lo = spec.min ?? -Infinity;
      const hi = spec.max ?? Infinity;
      if (spec.sd === 0 || (lo === -Infinity && hi === Infinity)) return spec.mean;
      const a = (lo - spec.mean) / spec.sd;
      const b = (hi - spec.mean) / spec.sd;
      const pdf = (z: number) => (Number.isFinite(z) ? normalPdf(z) : 0);
      return spec.mean + (spec.sd * (pdf(a) - pdf(b))) / (normalCdf(b) - normalCdf(a));
    }
    case 'lognormal':
      return 'mu' in spec ? Math.exp(spec.mu + (spec.sigma * spec.sigma) / 2) : spec.mean;
    case 'gamma':
      return 'shape' in spec ? spec.shape * spec.scale : spec.mean;
    case 'empirical': {
      const xs = Float64Array.from(checkedValues(spec.values)).sort();
      const n = xs.length;
      if (spec.method !== 'interpolate' || n === 1) return xs.reduce((a, x) => a + x, 0) / n;
      let s = 0;
      for (let i = 0; i + 1 < n; i++) s += (xs[i]! + xs[i + 1]!) / 2;
      return s / (n - 1);
    }
    case 'bathtub':
      return bathtubMean(bathtubParamsOf(spec));
  }
}

// ---------------------------------------------------------------------------------------------
// Parameter checks

function requireFinite(name: string, x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`${name} must be a finite number, got ${x}`);
}

function requirePositive(name: string, x: number): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite number > 0, got ${x}`);
}

function checkedValues(values: readonly number[]): readonly number[] {
  if (values.length === 0) throw new RangeError('empirical distribution needs at least one value');
  for (const v of values) requireFinite('empirical value', v);
  return values;
}
