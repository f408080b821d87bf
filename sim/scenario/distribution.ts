/**
 * Distributions as users write them: a plain duration ("20s" = always 20 s) or a mapping with a
 * `kind` and its parameters, durations with units. The schema turns them into flat objects in
 * seconds; `toDistributionSpec` checks the parameters each kind needs and builds the engine's
 * DistributionSpec (sim/engine/distributions.ts).
 */
import { z } from 'zod';
import { DISTRIBUTION_KINDS, makeDistribution, type DistributionSpec } from '../engine/distributions.ts';
import type { RandomStream } from '../engine/rng.ts';
import { BATHTUB_ALL_DATA_FIT } from '../model/cluster/preemptionFit.ts';
import { duration, oneOf, real, showValue } from './fields.ts';
import { parseQuantity, UNIT_HELP } from './units.ts';

const KINDS = ['constant', 'uniform', 'exponential', 'normal', 'lognormal', 'gamma', 'empirical', 'bathtub'] as const;
export type DistributionKindInput = (typeof KINDS)[number];

/** Which parameters each kind accepts; alternatives (one of the lists) for lognormal and gamma. */
export const KIND_PARAMS: Record<DistributionKindInput, string[][]> = {
  constant: [['value']],
  uniform: [['min', 'max']],
  exponential: [['mean']],
  normal: [['mean', 'sd']],
  lognormal: [['mean', 'cv'], ['mu', 'sigma']],
  gamma: [['shape', 'scale'], ['mean', 'cv']],
  empirical: [['values']],
  bathtub: [[]],
};
/** Optional parameters per kind. */
const KIND_OPTIONAL: Record<DistributionKindInput, string[]> = {
  constant: [], uniform: [], exponential: [], lognormal: [], gamma: [],
  normal: ['min', 'max'],
  empirical: ['method'],
  bathtub: ['A', 'b', 'tau1', 'tau2', 'cap'],
};

const durationList = z
  .array(z.union([z.number(), z.string()]).meta({ unit: 'duration' }), { error: (iss) => `expected a list of durations, found ${showValue(iss.input)}` })
  .min(1, { error: 'expected at least one value' })
  .transform((items, ctx) =>
    items.map((item, i) => {
      const r = parseQuantity(item, 'duration');
      if (!r.ok) ctx.issues.push({ code: 'custom', message: r.message, input: item, path: [i] });
      return r.ok ? r.value : NaN;
    }),
  )
  .meta({ description: 'Observed values (durations), for kind empirical.' })
  .optional();

export const distributionObject = z.strictObject({
  kind: oneOf(KINDS, 'The distribution family; each kind takes the parameters listed with it.'),
  value: duration('constant: the value.', {}),
  min: duration('uniform: lower end (>= 0 s); normal: lower truncation (>= 0 s; default 0, since durations are never negative: draws below it are redrawn).', {}),
  max: duration('uniform: upper end; normal: optional upper truncation (>= 0 s).', {}),
  mean: duration('exponential, normal, lognormal, gamma: the mean.', {}),
  sd: duration('normal: the standard deviation.'),
  cv: real('lognormal, gamma: coefficient of variation sd/mean (dimensionless).', { min: 0 }),
  mu: real('lognormal: mean of ln(seconds).'),
  sigma: real('lognormal: standard deviation of ln(seconds).', { min: 0 }),
  shape: real('gamma: shape k (dimensionless).', { above: 0 }),
  scale: duration('gamma: scale theta.'),
  values: durationList,
  method: oneOf(['resample', 'interpolate'] as const, 'empirical: draw one of the values (resample) or interpolate the inverse CDF.'),
  A: real('bathtub: scale of the CDF (0 < A < 1). Each bathtub parameter not given is the all-data GCE preemption fit of sim/model/REFERENCE.md.', { above: 0, max: 1 }),
  b: duration('bathtub: time of the end-of-life spike.'),
  tau1: duration('bathtub: time constant of early failures.'),
  tau2: duration('bathtub: time constant of the end-of-life spike.'),
  cap: duration('bathtub: hard cap on the lifetime.'),
}).meta({ id: 'Distribution', description: 'A distribution of durations: `kind` and the parameters of that kind.' });

/** A distribution in seconds as the schema outputs it (flat; `kind` may still come from a preset). */
export type DistributionObjectOutput = z.output<typeof distributionObject>;
/** The same, or the word "profile" where a field allows it. */
export type DistributionInput = DistributionObjectOutput | { kind: 'profile' };

const scalarHelp = `a plain duration (always that value: ${UNIT_HELP.duration}) or a mapping {kind: ..., parameters}`;

/**
 * A distribution field: a plain duration is a constant; a mapping names a `kind`. With
 * `allowProfile`, the word "profile" means "take it from the serving profile".
 */
export function distribution<P extends boolean = false>(help: string, opts: { allowProfile?: P } = {}) {
  // unit/words: jsonSchema.ts turns them into the pattern editors check the plain-duration form against.
  const scalar = z.union([z.number(), z.string()]).meta({ unit: 'duration', ...(opts.allowProfile ? { words: ['profile'] } : {}) });
  const also = opts.allowProfile ? ', "profile"' : '';
  return z
    .union([scalar, distributionObject], { error: (iss) => `expected ${scalarHelp}${also}; found ${showValue(iss.input)}` })
    .transform((v, ctx): P extends true ? DistributionInput : DistributionObjectOutput => {
      type Out = P extends true ? DistributionInput : DistributionObjectOutput;
      if (typeof v === 'object') return v as Out;
      if (opts.allowProfile && v === 'profile') return { kind: 'profile' } as Out;
      const r = parseQuantity(v, 'duration');
      if (!r.ok) {
        ctx.issues.push({ code: 'custom', message: `expected ${scalarHelp}${also}; found ${showValue(v)}`, input: v });
        return z.NEVER;
      }
      return { kind: 'constant', value: r.value } as Out;
    })
    .meta({ description: `${help} Either ${scalarHelp}.` })
    .optional();
}

export interface SpecProblem {
  /** Key inside the distribution mapping the problem is about ('' = the mapping itself). */
  key: string;
  message: string;
}

const FIXED_STREAM: RandomStream = { next: () => 0.5 } as unknown as RandomStream;

/**
 * The engine's DistributionSpec for a merged distribution, or the first problem: missing kind,
 * missing or foreign parameters, or parameters the engine rejects (e.g. uniform max < min).
 */
export function toDistributionSpec(d: DistributionInput): DistributionSpec | SpecProblem {
  const kind = d.kind as DistributionKindInput | 'profile' | undefined;
  if (kind === undefined) return { key: '', message: `expected a distribution with a kind (one of ${KINDS.join(', ')}), found a mapping without "kind"` };
  if (kind === 'profile') return { key: '', message: 'expected a distribution; "profile" is only allowed for post-processing and service times' };
  const given = Object.keys(d).filter((k) => k !== 'kind' && (d as Record<string, unknown>)[k] !== undefined);
  const alternatives = KIND_PARAMS[kind];
  const overlap = (alt: string[]) => alt.filter((p) => given.includes(p)).length - (alt.every((p) => given.includes(p)) ? 0 : 0.5);
  const chosen = alternatives.reduce((best, alt) => (overlap(alt) > overlap(best) ? alt : best));
  const missing = chosen.filter((p) => !given.includes(p));
  if (missing.length) {
    const want = alternatives.map((alt) => alt.join(' and ')).join(' or ');
    return { key: '', message: `expected ${kind} to have ${want}, found no ${missing.join(', ')}` };
  }
  const allowed = new Set([...chosen, ...KIND_OPTIONAL[kind]]);
  const foreign = given.find((k) => !allowed.has(k));
  if (foreign) return { key: foreign, message: `expected only ${[...allowed].join(', ') || 'no parameters'} for kind ${kind}, found "${foreign}"` };
  // a bathtub's parameters not given are GCE's preemption fit (the model's constants)
  const fill = kind === 'bathtub' ? BATHTUB_ALL_DATA_FIT : {};
  const spec = { kind, ...fill, ...Object.fromEntries(given.map((k) => [k, (d as Record<string, unknown>)[k]])) } as DistributionSpec;
  if (!DISTRIBUTION_KINDS.includes(spec.kind)) return { key: 'kind', message: `expected one of ${DISTRIBUTION_KINDS.join(', ')}, found "${kind}"` };
  if (spec.kind === 'uniform' && spec.max < spec.min) {
    return { key: 'max', message: `expected max >= min (${spec.min} s), found ${spec.max} s` };
  }
  const negative = negativeParameter(spec);
  if (negative) return negative;
  const bounded = spec.kind === 'normal' && spec.min === undefined ? { ...spec, min: 0 } : spec;
  try {
    makeDistribution(bounded, FIXED_STREAM);
  } catch (e) {
    return { key: '', message: `expected valid ${kind} parameters: ${(e as Error).message}` };
  }
  return bounded;
}

const DURATION_WHY = 'every distribution here is of durations, which cannot be negative';

/**
 * Every distribution of a scenario is of durations (service, pre- and post-processing, startup,
 * provisioning), so no draw may be negative: the model would schedule an event in the past. Kinds whose
 * parameters make negative draws possible are refused at the parameter to blame: a negative constant,
 * uniform min, empirical value, or normal mean or bounds. exponential, lognormal, gamma and bathtub
 * never draw below 0. A normal without `min` is truncated at 0 (toDistributionSpec adds min 0): its
 * left tail below 0 is redrawn, which leaves every draw that was >= 0 unchanged and raises the mean
 * by sd phi(mean/sd) / Phi(mean/sd), under 0.5% of sd while sd <= mean / 3.
 */
function negativeParameter(spec: DistributionSpec): SpecProblem | undefined {
  const below = (key: string, v: number) => ({ key, message: `expected ${key} >= 0 s (${DURATION_WHY}), found ${+v.toPrecision(6)} s` });
  switch (spec.kind) {
    case 'constant':
      return spec.value < 0 ? { ...below('value', spec.value), key: '' } : undefined; // a plain "-3s" has no "value" key
    case 'uniform':
      return spec.min < 0 ? below('min', spec.min) : undefined;
    case 'normal':
      if (spec.mean < 0) return below('mean', spec.mean);
      if (spec.min !== undefined && spec.min < 0) return below('min', spec.min);
      if (spec.max !== undefined && spec.max < 0) return below('max', spec.max);
      return undefined;
    case 'empirical': {
      const i = spec.values.findIndex((v) => v < 0);
      return i < 0 ? undefined : { key: 'values', message: `expected values >= 0 s (${DURATION_WHY}), found ${+spec.values[i]!.toPrecision(6)} s (item ${i + 1})` };
    }
    default:
      return undefined;
  }
}

export function isSpecProblem(x: DistributionSpec | SpecProblem): x is SpecProblem {
  return 'message' in x && !('kind' in x);
}
