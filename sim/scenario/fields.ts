/**
 * Zod builders for scenario fields: each takes the field's help text and returns an optional schema
 * whose input is what users write (numbers or strings with units) and whose output is the value in
 * SI units. Every builder writes its own "expected ..., found ..." message, so errors say what a
 * field wants in words and units, not zod's type names.
 *
 * All fields are optional: a scenario file is a partial overlay on a preset; the defaults
 * (defaults.ts) fill the rest before the merged scenario is normalised.
 */
import { z } from 'zod';
import { quoteExcerpt } from './excerpt.ts';
import { parseQuantity, UNIT_HELP, type UnitKind } from './units.ts';

export function showValue(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'string') return quoteExcerpt(input);
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return String(input);
}

export interface Bounds {
  /** Inclusive lower bound (SI units). */
  min?: number;
  /** Exclusive lower bound (SI units), e.g. 0 for "must be positive". */
  above?: number;
  /** Inclusive upper bound (SI units). */
  max?: number;
  /** Either exactly 0 or at least this (SI units). */
  zeroOrMin?: number;
  /** Why the bounds are what they are, shown in the error. */
  why?: string;
}

function boundText(b: Bounds, unit = ''): string {
  const parts: string[] = [];
  if (b.above !== undefined) parts.push(`> ${b.above}${unit}`);
  if (b.min !== undefined) parts.push(`>= ${b.min}${unit}`);
  if (b.max !== undefined) parts.push(`<= ${b.max}${unit}`);
  if (b.zeroOrMin !== undefined) parts.push(`of 0 or >= ${b.zeroOrMin}${unit}`);
  return parts.join(' and ');
}

function outOfBounds(v: number, b: Bounds): boolean {
  return (b.above !== undefined && !(v > b.above)) || (b.min !== undefined && v < b.min) || (b.max !== undefined && v > b.max)
    || (b.zeroOrMin !== undefined && v !== 0 && v < b.zeroOrMin);
}

const NOUN: Record<UnitKind, string> = {
  duration: 'a duration', size: 'a data size', bandwidth: 'a bandwidth', cpu: 'a CPU quantity', rate: 'a rate',
};
const BASE_UNIT: Record<UnitKind, string> = { duration: ' s', size: ' B', bandwidth: ' bit/s', cpu: ' cores', rate: '/s' };
const EXAMPLES: Record<UnitKind, (string | number)[]> = {
  duration: ['20s', '500ms', '5m', '5.5h'], size: ['1.5MB', '256Mi', '3.5GiB'], bandwidth: ['2.4Gbps', '240Mbps'],
  cpu: ['300m', 1], rate: [10, '600/min'],
};

/** A quantity with a unit (see units.ts), checked against bounds given in SI units. */
export function quantity(kind: UnitKind, help: string, bounds: Bounds = {}) {
  return z
    .union([z.number(), z.string()], { error: (iss) => `expected ${UNIT_HELP[kind]}, found ${showValue(iss.input)}` })
    .transform((input, ctx) => {
      const r = parseQuantity(input, kind);
      if (!r.ok) {
        ctx.issues.push({ code: 'custom', message: r.message, input });
        return z.NEVER;
      }
      if (outOfBounds(r.value, bounds)) {
        const why = bounds.why ? ` (${bounds.why})` : '';
        ctx.issues.push({ code: 'custom', message: `expected ${NOUN[kind]} ${boundText(bounds, BASE_UNIT[kind])}${why}, found ${showValue(input)}`, input });
        return z.NEVER;
      }
      return r.value;
    })
    .meta({ description: help, examples: EXAMPLES[kind] as never, unit: kind }) // unit: jsonSchema.ts turns it into a pattern
    .optional();
}

export const duration = (help: string, bounds: Bounds = { min: 0 }) => quantity('duration', help, bounds);

/**
 * Shortest period (s) of a loop in the data path (gRPC retry backoff, the zip-rotation tick). The kiosk's
 * own waits are 0.5 s or more (put-back sleep 0.5 s, retry backoff 3 s: sim/model/REFERENCE.md); 1 ms is
 * 500x below, and a 1 ms retry loop against a loading server still runs a 10k-image cell in ~2 s. Shorter
 * periods change nothing modelled and only multiply events (0 or 1 ns never finishes).
 */
export const MIN_PERIOD_S = 1e-3;
/**
 * Shortest period (s) of a control loop or sampler (HPA sync, Prometheus scrape and evaluation, the
 * kiosk-autoscaler, KEDA, the cluster-autoscaler scan, the janitor, time-series samples). The real ones are
 * 5 s or more (sim/model/REFERENCE.md); 100 ms is 50x below. Their work per tick
 * grows with window / period (an HPA keeps 5 min of recommendations), so at 1 ms an HPA alone takes
 * minutes for a 10k-image cell; time series at 1 ms took 1.1 GB for a 0.7 h run (measured, 1-GPU 10k cell).
 */
export const MIN_CONTROL_PERIOD_S = 0.1;
const PERIOD_WHY = 'a shorter period changes nothing modelled and only multiplies events';
/** The period of a loop in the data path: a duration >= MIN_PERIOD_S. */
export const period = (help: string) => quantity('duration', help, { min: MIN_PERIOD_S, why: PERIOD_WHY });
/** The period of a control loop or sampler: a duration >= MIN_CONTROL_PERIOD_S. */
export const controlPeriod = (help: string) => quantity('duration', help, { min: MIN_CONTROL_PERIOD_S, why: PERIOD_WHY });
/** A period, or 0 where 0 means something else (documented by the field). */
export const periodOrZero = (help: string) =>
  quantity('duration', help, { zeroOrMin: MIN_PERIOD_S, why: PERIOD_WHY });
export const size = (help: string, bounds: Bounds = { above: 0 }) => quantity('size', help, bounds);
export const bandwidth = (help: string) => quantity('bandwidth', help, { above: 0 });
export const cpu = (help: string) => quantity('cpu', help, { min: 0 });
export const rate = (help: string) => quantity('rate', help, { above: 0 });

/** A duration, or "never" (Infinity) for events that may not happen at all. */
export function durationOrNever(help: string) {
  return z
    .union([z.number(), z.string()], { error: (iss) => `expected ${UNIT_HELP.duration} or "never", found ${showValue(iss.input)}` })
    .transform((input, ctx) => {
      if (input === 'never') return Infinity;
      const r = parseQuantity(input, 'duration');
      if (!r.ok || !(r.value > 0)) {
        ctx.issues.push({ code: 'custom', message: `expected "never" or a duration > 0 s such as "12h", found ${showValue(input)}`, input });
        return z.NEVER;
      }
      return r.value;
    })
    .meta({ description: help, examples: ['never', '12h'], unit: 'duration', words: ['never'] })
    .optional();
}

/** An integer count. */
export function integer(help: string, bounds: Bounds = { min: 0 }) {
  const expected = `an integer ${boundText(bounds)}${bounds.why ? ` (${bounds.why})` : ''}`.trim();
  const message = (iss: { input?: unknown }) => `expected ${expected}, found ${showValue(iss.input)}`;
  let s = z.number({ error: message }).int({ error: message });
  if (bounds.min !== undefined) s = s.min(bounds.min, { error: message });
  if (bounds.above !== undefined) s = s.gt(bounds.above, { error: message });
  if (bounds.max !== undefined) s = s.max(bounds.max, { error: message });
  return s.meta({ description: help }).optional();
}

/** A plain real number (fractions, percentages, prices). */
export function real(help: string, bounds: Bounds = {}) {
  const expected = `a number ${boundText(bounds)}`.trim();
  const message = (iss: { input?: unknown }) => `expected ${expected}, found ${showValue(iss.input)}`;
  let s = z.number({ error: message });
  if (bounds.min !== undefined) s = s.min(bounds.min, { error: message });
  if (bounds.above !== undefined) s = s.gt(bounds.above, { error: message });
  if (bounds.max !== undefined) s = s.max(bounds.max, { error: message });
  return s.refine(Number.isFinite, { error: message }).meta({ description: help }).optional();
}

export function bool(help: string) {
  return z.boolean({ error: (iss) => `expected true or false, found ${showValue(iss.input)}` }).meta({ description: help }).optional();
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, help: string) {
  return z
    .enum(values, { error: (iss) => `expected one of ${values.map((v) => `"${v}"`).join(', ')}, found ${showValue(iss.input)}` })
    .meta({ description: help })
    .optional();
}

export function text(help: string) {
  return z.string({ error: (iss) => `expected a text string, found ${showValue(iss.input)}` }).meta({ description: help }).optional();
}

/** A strict mapping (unknown keys rejected) with help text. */
export function section<T extends z.core.$ZodLooseShape>(help: string, shape: T) {
  return z.strictObject(shape, { error: (iss) => (iss.code === 'invalid_type' ? `expected a mapping (key: value lines), found ${showValue(iss.input)}` : undefined) })
    .meta({ description: help })
    .optional();
}
