/**
 * Walking the scenario schema by YAML path: which keys a mapping accepts (for "did you mean") and
 * whether a --set path names a real setting.
 */
import { z } from 'zod';
import { scenarioSchema } from './schema.ts';

type AnySchema = z.core.$ZodType;

/** Strips optional wrappers and transforms; picks the mapping branch of a union. */
export function unwrap(s: AnySchema): AnySchema {
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as AnySchema;
    else if (s instanceof z.ZodPipe) s = s.in as AnySchema;
    else if (s instanceof z.ZodUnion) {
      const obj = (s.options as AnySchema[]).map(unwrap).find((o) => o instanceof z.ZodObject || o instanceof z.ZodRecord);
      if (!obj) return s;
      s = obj;
    } else return s;
  }
}

/** The schema of the setting at `path`, or undefined when no such setting exists. */
export function schemaAt(path: readonly (string | number)[], root: AnySchema = scenarioSchema): AnySchema | undefined {
  let s: AnySchema | undefined = root;
  for (const seg of path) {
    const u: AnySchema = unwrap(s!);
    // own keys only: "toString" or "constructor" is no setting
    if (u instanceof z.ZodObject) s = Object.hasOwn(u.shape, String(seg)) ? (u.shape as Record<string, AnySchema>)[String(seg)] : undefined;
    else if (u instanceof z.ZodRecord) s = u.valueType as AnySchema;
    else if (u instanceof z.ZodArray && typeof seg === 'number') s = u.element as AnySchema;
    else return undefined;
    if (!s) return undefined;
  }
  return s;
}

/** The keys the mapping at `path` accepts ([] for records, lists and leaves). */
export function keysAt(path: readonly (string | number)[]): string[] {
  const s = schemaAt(path);
  if (!s) return [];
  const u = unwrap(s);
  return u instanceof z.ZodObject ? Object.keys(u.shape) : [];
}

/** Every dotted path of a setting in the schema (records shown as <name>), for help and tests. */
export function allPaths(root: AnySchema = scenarioSchema, prefix = ''): string[] {
  const u = unwrap(root);
  if (u instanceof z.ZodObject) {
    return Object.entries(u.shape as Record<string, AnySchema>).flatMap(([k, v]) => {
      const p = prefix ? `${prefix}.${k}` : k;
      return [p, ...allPaths(v, p)];
    });
  }
  if (u instanceof z.ZodRecord) return allPaths(u.valueType as AnySchema, `${prefix}.<name>`);
  return [];
}
