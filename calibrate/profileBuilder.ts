/** Assembles a validated serving profile from samples: fits latency and derives the residuals. */
import type { SampleGroup, ServingProfile } from '../sim/model/serving/profile.ts';
import { parseProfile, PROFILE_SCHEMA_ID } from '../sim/model/serving/profile.ts';
import { fitLatency, multiplicativeResiduals } from './fit.ts';

export type ProfileMeta = Omit<ServingProfile, 'schema' | 'samples' | 'fit' | 'residuals'>;

export function buildMeasuredProfile(meta: ProfileMeta, samples: SampleGroup[], tilePixels: number): ServingProfile {
  const fit = fitLatency(samples, tilePixels);
  const profile = {
    schema: PROFILE_SCHEMA_ID,
    ...meta,
    samples,
    fit,
    residuals: { kind: 'multiplicative-empirical' as const, values: multiplicativeResiduals(samples, fit) },
  };
  return parseProfile(profile, `profile "${meta.name}"`);
}

/** Stable key order for committed JSON: metadata first, bulky arrays last. */
export function profileToJson(p: ServingProfile): string {
  const { samples, residuals, postprocess, stages, ...head } = p;
  const text = JSON.stringify({ ...head, samples, residuals, postprocess, stages }, roundSeconds, 2);
  // Arrays of numbers on one line each, so a profile stays readable.
  return text.replace(/\[\s*(-?[\d.e+-]+(?:,\s*-?[\d.e+-]+)*)\s*\]/g, (_, body: string) => `[${body.split(/,\s*/).join(', ')}]`) + '\n';
}

/** Keeps 6 significant digits: microsecond-level detail on sub-second timings, no float noise. */
function roundSeconds(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(6)) : value;
}
