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

export function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  if ('kind' in base && 'kind' in over && base.kind !== over.kind) return over;
  const out: PlainObject = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
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
    else if (isPlainObject(node)) node = node[String(seg)];
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
