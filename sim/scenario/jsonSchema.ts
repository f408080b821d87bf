/**
 * The JSON Schema of scenario files (what `kiosk-sim schema` prints and scenarios/kiosk-sim.schema.json holds):
 * generated from the zod schema (input side: what users write), with each field's built-in default
 * (defaults.ts) added as `default`, so editors show help text and defaults together.
 *
 * Draft-07, because that is the newest draft the VS Code YAML extension (yaml-language-server) checks against.
 * Fields with units ("20s", "1.5MB", "2.4Gbps") carry a `pattern` built from units.ts, so an editor flags "20 sec"
 * or "2.4GB" where a bandwidth is expected; bounds in SI units stay with `kiosk-sim validate`.
 */
import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import { isPlainObject } from './merge.ts';
import { scenarioSchema } from './schema.ts';
import { RATE_PER, UNITS, type UnitKind } from './units.ts';

type JsonSchema = Record<string, unknown>;

export const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

function addDefaults(schema: JsonSchema, defaults: unknown): void {
  const props = schema.properties;
  if (!isPlainObject(props) || !isPlainObject(defaults)) return;
  for (const [key, value] of Object.entries(defaults)) {
    const prop = props[key];
    if (!isPlainObject(prop)) continue;
    if (isPlainObject(value) && isPlainObject(prop.properties)) addDefaults(prop, value);
    else prop.default = value;
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The number part of a quantity, as units.ts reads it: "20", "1.5", ".5", "2e3", "-1". */
const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';

/**
 * An ECMAScript regex (JSON Schema `pattern`) for the strings parseQuantity accepts for `kind`: a number, an
 * optional unit of that kind (no unit = the base unit), surrounding spaces allowed; `words` are accepted as well
 * ("never", "profile").
 */
export function unitPattern(kind: UnitKind, words: readonly string[] = []): string {
  const units = kind === 'rate' ? Object.keys(RATE_PER) : Object.keys(UNITS[kind]);
  const alternation = [...units].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escapeRegex).join('|');
  const quantity = `\\s*${NUMBER}\\s*(?:${alternation})?\\s*`;
  const alts = [quantity, ...words.map(escapeRegex)];
  return `^(?:${alts.join('|')})$`;
}

const UNIT_KINDS: readonly UnitKind[] = ['duration', 'size', 'bandwidth', 'cpu', 'rate'];

const isType = (s: unknown, type: string) => isPlainObject(s) && s.type === type && Object.keys(s).length === 1;

/**
 * zod writes a number-or-string field as `anyOf: [{type: number}, {type: string}]` (later folded to
 * `type: [number, string]`) and copies our `unit` / `words` metadata as plain keys: drop those keys and give the
 * string branch the unit pattern (which also keeps zod from folding the anyOf away).
 */
function applyUnit(json: JsonSchema, meta: Record<string, unknown> | undefined): void {
  delete json.unit;
  delete json.words;
  const kind = meta?.unit;
  if (typeof kind !== 'string' || !UNIT_KINDS.includes(kind as UnitKind)) return;
  const words = Array.isArray(meta?.words) ? (meta.words as string[]) : [];
  const anyOf = json.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2 || !anyOf.some((b) => isType(b, 'number'))) return;
  const i = anyOf.findIndex((b) => isType(b, 'string'));
  if (i >= 0) anyOf[i] = { type: 'string', pattern: unitPattern(kind as UnitKind, words) };
}

export function scenarioJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-07',
    override: (ctx) => applyUnit(ctx.jsonSchema as JsonSchema, z.globalRegistry.get(ctx.zodSchema as unknown as z.ZodType) as Record<string, unknown> | undefined),
  }) as JsonSchema;
  schema.$id = 'https://kiosk-sim.dev/schema/scenario.json';
  addDefaults(schema, DEFAULTS);
  return schema;
}
