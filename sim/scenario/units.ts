/**
 * Quantities with units, as users write them in scenario files: "2.4Gbps", "1.5MB", "256Mi", "20s",
 * "5.5h", "300m" (CPU millicores), "10/s". Each parser returns the value in SI base units (seconds,
 * bytes, bits per second, cores, per second) or a message that names the kind of unit expected.
 *
 * Exactness: decimal prefixes (k, M, G = 10^3, 10^6, 10^9) and binary ones (Ki, Mi, Gi = 2^10, 2^20,
 * 2^30) are kept apart, and so are bits (b) and bytes (B). The mantissa is scaled in integer
 * arithmetic and converted once, so "2.4Gbps" is exactly 2400000000 and "0.1h" exactly 360.
 */

import { quoteExcerpt } from './excerpt.ts';

export type UnitKind = 'duration' | 'size' | 'bandwidth' | 'cpu' | 'rate';

/** factor = mult x 10^exp10, with mult an integer, so scaling stays exact. */
interface Factor {
  mult: bigint;
  exp10: number;
}

const f = (mult: number | bigint, exp10 = 0): Factor => ({ mult: BigInt(mult), exp10 });
const KI = 1024n;

export const UNITS: Record<Exclude<UnitKind, 'rate'>, Record<string, Factor>> = {
  duration: {
    ns: f(1, -9), us: f(1, -6), ms: f(1, -3), s: f(1), sec: f(1),
    m: f(60), min: f(60), h: f(3600), d: f(86400),
  },
  size: {
    B: f(1),
    kB: f(1, 3), MB: f(1, 6), GB: f(1, 9), TB: f(1, 12),
    KiB: f(KI), MiB: f(KI ** 2n), GiB: f(KI ** 3n), TiB: f(KI ** 4n),
    // Kubernetes quantity suffixes (memory requests): k, M, G, T decimal; Ki, Mi, Gi, Ti binary.
    k: f(1, 3), M: f(1, 6), G: f(1, 9), T: f(1, 12),
    Ki: f(KI), Mi: f(KI ** 2n), Gi: f(KI ** 3n), Ti: f(KI ** 4n),
  },
  bandwidth: {
    bps: f(1), kbps: f(1, 3), Mbps: f(1, 6), Gbps: f(1, 9), Tbps: f(1, 12),
    'bit/s': f(1), 'kbit/s': f(1, 3), 'Mbit/s': f(1, 6), 'Gbit/s': f(1, 9),
    'B/s': f(8), 'kB/s': f(8, 3), 'MB/s': f(8, 6), 'GB/s': f(8, 9),
    'KiB/s': f(8n * KI), 'MiB/s': f(8n * KI ** 2n), 'GiB/s': f(8n * KI ** 3n),
  },
  cpu: { m: f(1, -3) },
};

/** Rates are divisions, handled apart from the multiplicative table above. */
export const RATE_PER: Record<string, number> = { '/s': 1, '/min': 60, '/h': 3600, '/d': 86400 };

/** What each kind accepts, for error messages. */
export const UNIT_HELP: Record<UnitKind, string> = {
  duration: 'a duration such as "20s", "500ms", "5m" or "5.5h" (units ns, us, ms, s, m or min, h, d; a plain number means seconds)',
  size: 'a data size such as "1.5MB", "5.6kB", "256Mi" or "3.5GiB" (decimal kB, MB, GB, TB or k, M, G, T; binary KiB, MiB, GiB, TiB or Ki, Mi, Gi, Ti; B = bytes; a plain number means bytes)',
  bandwidth: 'a bandwidth such as "2.4Gbps" or "240Mbps" (bits: bps, kbps, Mbps, Gbps, Tbps or bit/s, Mbit/s, Gbit/s; bytes: B/s, kB/s, MB/s, GB/s, MiB/s; a plain number means bits per second)',
  cpu: 'a CPU quantity such as "300m" (millicores) or 1.5 (cores)',
  rate: 'a rate such as 10, "10/s", "600/min" or "36000/h" (a plain number means per second)',
};

const KIND_NOUN: Record<UnitKind, string> = {
  duration: 'time', size: 'data size', bandwidth: 'bandwidth', cpu: 'CPU', rate: 'rate',
};

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/** More digits than any measured quantity has; bounds the exact integer scaling below. */
const MAX_DIGITS = 400;

const QUANTITY = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*([A-Za-z/]*)\s*$/;

/** mantissa digits x factor, exactly, then one correctly rounded conversion. */
function scale(sign: string, intPart: string, frac: string, exp: number, factor: Factor): number {
  const digits = BigInt((intPart + frac) || '0') * factor.mult;
  const value = Number(`${digits}e${factor.exp10 + exp - frac.length}`);
  return sign === '-' ? -value : value;
}

function show(input: unknown): string {
  return typeof input === 'string' ? quoteExcerpt(input) : String(input);
}

/** Which other kind a unit belongs to, to say "GB is a data size, not a bandwidth". */
function unitsOf(kind: UnitKind): string[] {
  return Object.keys(kind === 'rate' ? RATE_PER : UNITS[kind]);
}

function otherKindOf(unit: string, kind: UnitKind): UnitKind | undefined {
  const kinds: UnitKind[] = ['duration', 'size', 'bandwidth', 'cpu', 'rate'];
  return kinds.find((k) => k !== kind && unitsOf(k).includes(unit));
}

function unitHint(unit: string, kind: UnitKind): string {
  const other = otherKindOf(unit, kind);
  if (other) return `: "${unit}" is a unit of ${KIND_NOUN[other]}, not of ${KIND_NOUN[kind]}`;
  if (kind === 'size' && /^[kKMGT]?i?b(its?)?$/.test(unit)) return `: "${unit}" is bits; sizes are in bytes ("B", e.g. "MB")`;
  if (kind === 'bandwidth' && /^[kKMGT]?i?Bps$/.test(unit)) return `: "${unit}" is ambiguous; write bits as "${unit.replace('Bps', 'bps')}" or bytes as "${unit.replace('Bps', 'B/s')}"`;
  const sameLetters = unitsOf(kind).filter((u) => u.toLowerCase() === unit.toLowerCase());
  if (sameLetters.length) return `: units are case-sensitive; did you mean ${sameLetters.map((u) => `"${u}"`).join(' or ')}?`;
  return '';
}

/**
 * Parses a quantity of the given kind. Numbers (and unit-less strings) are taken in the kind's
 * default unit: seconds, bytes, bits per second, cores, per second.
 */
export function parseQuantity(input: unknown, kind: UnitKind): Parsed {
  const expected = `expected ${UNIT_HELP[kind]}, found ${show(input)}`;
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, message: expected };
  }
  if (typeof input !== 'string') return { ok: false, message: expected };
  const m = QUANTITY.exec(input);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return { ok: false, message: expected };
  const [, sign = '', intPart = '', frac = '', expText, unit = ''] = m;
  if (intPart.length + frac.length > MAX_DIGITS) return { ok: false, message: `${expected}: more than ${MAX_DIGITS} digits` };
  const exp = expText ? Number(expText) : 0;
  let value: number;
  if (unit === '') value = scale(sign, intPart, frac, exp, f(1));
  else if (kind === 'rate') {
    const per = Object.hasOwn(RATE_PER, unit) ? RATE_PER[unit] : undefined;
    if (per === undefined) return { ok: false, message: expected + unitHint(unit, kind) };
    value = scale(sign, intPart, frac, exp, f(1)) / per;
  } else {
    const factor = Object.hasOwn(UNITS[kind], unit) ? UNITS[kind][unit] : undefined;
    if (!factor) return { ok: false, message: expected + unitHint(unit, kind) };
    value = scale(sign, intPart, frac, exp, factor);
  }
  // "1e309s" overflows to Infinity: no setting means "for ever" by a number (durations that may never
  // happen say "never"), and an infinite time or size would stall or poison a run
  if (!Number.isFinite(value)) return { ok: false, message: `${expected}: the value is not finite (over ~1.8e308 in SI units)` };
  return { ok: true, value };
}

/** Throwing variant for code and tests; scenario code uses parseQuantity to collect messages. */
export function quantity(input: unknown, kind: UnitKind): number {
  const r = parseQuantity(input, kind);
  if (!r.ok) throw new RangeError(r.message);
  return r.value;
}

export const seconds = (input: unknown) => quantity(input, 'duration');
export const bytes = (input: unknown) => quantity(input, 'size');
export const bitsPerSecond = (input: unknown) => quantity(input, 'bandwidth');
export const cores = (input: unknown) => quantity(input, 'cpu');
export const perSecond = (input: unknown) => quantity(input, 'rate');

/** Human-readable seconds for summaries ("0.5 s", "5 min", "5.5 h"). */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s !== 0 && Math.abs(s) < 0.1) return `${+(s * 1000).toPrecision(4)} ms`;
  if (Math.abs(s) < 120) return `${+s.toPrecision(4)} s`;
  if (Math.abs(s) < 7200) return `${+(s / 60).toPrecision(4)} min`;
  return `${+(s / 3600).toPrecision(4)} h`;
}
