/**
 * The JSON Schema of scenario files (what `kiosk-sim schema` prints): generated from the zod schema
 * (input side: what users write), with each field's built-in default (defaults.ts) added as
 * `default`, so editors show help text and defaults together.
 */
import { z } from 'zod';
import { DEFAULTS } from './defaults.ts';
import { isPlainObject } from './merge.ts';
import { scenarioSchema } from './schema.ts';

type JsonSchema = Record<string, unknown>;

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

export function scenarioJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  schema.$id = 'https://kiosk-sim.dev/schema/scenario.json';
  addDefaults(schema, DEFAULTS);
  return schema;
}
