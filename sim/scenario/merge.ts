/**
 * Layering: defaults <- presets <- extended files <- the scenario file <- --set overrides.
 * Mappings merge key by key; lists and scalars replace. A mapping whose `kind` differs from the one
 * below it (a distribution or an arrival process of another family) replaces it as a whole, since
 * the parameters of one kind mean nothing to another.
 */

export type PlainObject = Record<string, unknown>;
export type Path = readonly (string | number)[];

export function isPlainObject(x: unknown): x is PlainObject {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Keys that name parts of every JavaScript object rather than settings: assigning `out.__proto__`
 * replaces an object's prototype, and `obj.constructor` is found on every mapping. No setting is
 * called so; load.ts refuses them in files and --set paths, and the merge skips them besides.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first reserved key anywhere in `x`, or undefined. */
export function firstReservedKey(x: unknown, prefix: Path = []): Path | undefined {
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      const p = firstReservedKey(x[i], [...prefix, i]);
      if (p) return p;
    }
  } else if (isPlainObject(x)) {
    for (const [k, v] of Object.entries(x)) {
      if (RESERVED_KEYS.has(k)) return [...prefix, k];
      const p = firstReservedKey(v, [...prefix, k]);
      if (p) return p;
    }
  }
  return undefined;
}

const own = (o: PlainObject, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  if (Object.hasOwn(base, 'kind') && Object.hasOwn(over, 'kind') && base.kind !== over.kind) return over;
  const out: PlainObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (!RESERVED_KEYS.has(k)) out[k] = deepMerge(own(base, k), v);
  }
  return out;
}

export function mergeAll(layers: readonly unknown[]): PlainObject {
  return layers.reduce<PlainObject>((acc, layer) => deepMerge(acc, layer) as PlainObject, {});
}

/** The value at `path`, or undefined. */
export function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number') node = node[seg];
    else if (isPlainObject(node)) node = own(node, String(seg));
    else return undefined;
  }
  return node;
}

/** A fresh object with `value` at `path` (the shape of one --set override). */
export function objectAt(path: readonly string[], value: unknown): PlainObject {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as PlainObject;
}

export function pathText(path: Path): string {
  return path.length ? path.map(String).join('.') : '(top level)';
}
