/**
 * The generic half of scenario -> KioskConfig: the validated scenario tree (snake_case keys, values
 * already in SI units by the schema's unit fields) rewritten with camelCase keys, walking the schema
 * beside the value so that
 *   - the keys of named tables (machine types, GPU types) keep their spelling,
 *   - every distribution field becomes the engine's DistributionSpec (distribution.ts checks it),
 *   - a mapping inside a list or a named table has every key written: no default stands behind it,
 *   - the few keys whose model name says more than the file's (sizes in bytes, rates in bit/s) are
 *     renamed by RENAMED, the one list of renames.
 * What is not a rename but a derivation (the machine catalogue, the eight transfer steps, the arrival
 * kinds) is normalize.ts's.
 */
import { z } from 'zod';
import type { DistributionSpec } from '../engine/distributions.ts';
import { distributionObject, isSpecProblem, toDistributionSpec, type DistributionInput } from './distribution.ts';
import type { Path } from './merge.ts';
import { ScenarioProblemError } from './problem.ts';
import { unwrap } from './schemaWalk.ts';

/** Keys the model spells differently from the file (besides snake_case -> camelCase), wherever they are. */
export const RENAMED = {
  image_size: 'imageBytes', // workload: bytes of one raw image
  result_size: 'resultBytes', // workload: bytes of one result
  memory: 'memoryBytes', // pod requests and pools' allocatable memory
  bandwidth: 'bandwidthBps', // storage steps and the upload link, bits per second
  a: 'A', // preemption: the bathtub fit's A (sim/model/REFERENCE.md's name)
} as const satisfies Record<string, string>;
/** The renames as a type, for configType.ts. */
export type RENAMED_KEYS = typeof RENAMED;

export const camelKey = (key: string): string => (RENAMED as Record<string, string>)[key] ?? key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A distribution as the model takes it; "profile" stays a marker for the fields that allow it. */
export function distributionSpec(d: DistributionInput, path: Path): DistributionSpec | { kind: 'profile' } {
  if (d.kind === 'profile') return { kind: 'profile' };
  const r = toDistributionSpec(d);
  if (isSpecProblem(r)) throw new ScenarioProblemError(r.key ? [...path, r.key] : path, r.message);
  return r;
}

type AnySchema = z.core.$ZodType;

/** `value` (validated by `schema`) with camelCase keys, distributions as specs. */
export function camelTree(schema: AnySchema, value: unknown, path: Path = [], complete = false): unknown {
  const u = unwrap(schema);
  if (u === distributionObject) return distributionSpec(value as DistributionInput, path);
  if (u instanceof z.ZodObject && isMapping(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(u.shape as Record<string, AnySchema>)) {
      const v = value[key];
      if (v === undefined) {
        if (complete) throw new ScenarioProblemError([...path, key], `expected a value${help(field)}, found nothing`);
        continue;
      }
      out[camelKey(key)] = camelTree(field, v, [...path, key]);
    }
    return out;
  }
  if (u instanceof z.ZodRecord && isMapping(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, camelTree(u.valueType as AnySchema, v, [...path, k], true)]));
  }
  if (u instanceof z.ZodArray && Array.isArray(value)) return value.map((v, i) => camelTree(u.element as AnySchema, v, [...path, i], true));
  return value;
}

/** " (the field's help text)" for an error message, or nothing. */
function help(field: AnySchema): string {
  const inner = field instanceof z.ZodOptional ? (field.unwrap() as AnySchema) : field;
  const description = z.globalRegistry.get(inner)?.description;
  return description ? ` (${description.replace(/\.$/, '')})` : '';
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
