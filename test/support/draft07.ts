/**
 * A small JSON Schema draft-07 validator for the subset `kiosk-sim schema` emits (no dependency for a test).
 * A keyword outside the subset throws, so the schema cannot silently grow past what this checks.
 */
type Schema = Record<string, unknown> | boolean;

const KNOWN = new Set([
  '$schema', '$id', '$ref', 'title', 'description', 'default', 'examples', 'definitions',
  'type', 'enum', 'const', 'properties', 'additionalProperties', 'propertyNames', 'required',
  'anyOf', 'allOf', 'oneOf', 'items', 'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'pattern', 'minLength', 'maxLength',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOk(v: unknown, t: string): boolean {
  switch (t) {
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    default: throw new Error(`draft07: unknown type ${t}`);
  }
}

const deepEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Errors as "path: message"; empty when `value` is valid against `schema` (resolving #/definitions/ in `root`). */
export function validate(root: Record<string, unknown>, value: unknown, schema: Schema = root, at = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: not allowed`];
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`draft07: keyword ${k} (at ${at}) is outside the subset`);
  const errors: string[] = [];
  const s = schema;
  if (typeof s.$ref === 'string') {
    const m = /^#\/definitions\/(.+)$/.exec(s.$ref);
    if (!m) throw new Error(`draft07: unsupported $ref ${s.$ref}`);
    // draft-07: $ref ignores its siblings
    return validate(root, value, (root.definitions as Record<string, Schema>)[m[1]!]!, at);
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => typeOk(value, t))) return [`${at}: expected ${types.join(' or ')}`];
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, value))) errors.push(`${at}: not one of ${JSON.stringify(s.enum)}`);
  if ('const' in s && !deepEqual(s.const, value)) errors.push(`${at}: expected ${JSON.stringify(s.const)}`);
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(`${at}: below ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(`${at}: above ${s.maximum}`);
    if (typeof s.exclusiveMinimum === 'number' && !(value > s.exclusiveMinimum)) errors.push(`${at}: not above ${s.exclusiveMinimum}`);
    if (typeof s.exclusiveMaximum === 'number' && !(value < s.exclusiveMaximum)) errors.push(`${at}: not below ${s.exclusiveMaximum}`);
  }
  if (typeof value === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) errors.push(`${at}: ${JSON.stringify(value)} does not match ${s.pattern}`);
    if (typeof s.minLength === 'number' && value.length < s.minLength) errors.push(`${at}: shorter than ${s.minLength}`);
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) errors.push(`${at}: longer than ${s.maxLength}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push(`${at}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push(`${at}: more than ${s.maxItems} items`);
    if (s.items !== undefined) {
      if (Array.isArray(s.items)) throw new Error('draft07: tuple items are outside the subset');
      value.forEach((v, i) => errors.push(...validate(root, v, s.items as Schema, `${at}[${i}]`)));
    }
  }
  if (isObject(value)) {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in value)) errors.push(`${at}: missing ${r}`);
    for (const [k, v] of Object.entries(value)) {
      if (s.propertyNames !== undefined) errors.push(...validate(root, k, s.propertyNames as Schema, `${at}.${k} (name)`));
      if (k in props) errors.push(...validate(root, v, props[k]!, `${at}.${k}`));
      else if (s.additionalProperties !== undefined) errors.push(...validate(root, v, s.additionalProperties as Schema, `${at}.${k}`));
    }
  }
  if (Array.isArray(s.allOf)) for (const sub of s.allOf) errors.push(...validate(root, value, sub as Schema, at));
  if (Array.isArray(s.anyOf)) {
    const branches = s.anyOf.map((sub) => validate(root, value, sub as Schema, at));
    if (!branches.some((b) => b.length === 0)) errors.push(`${at}: matches no alternative (${branches.map((b) => b[0]).join('; ')})`);
  }
  if (Array.isArray(s.oneOf)) {
    const ok = s.oneOf.filter((sub) => validate(root, value, sub as Schema, at).length === 0).length;
    if (ok !== 1) errors.push(`${at}: matches ${ok} of oneOf, expected exactly 1`);
  }
  return errors;
}
