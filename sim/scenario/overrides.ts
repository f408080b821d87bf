/**
 * --set path=value overrides: the path must name a setting of the schema (else "did you mean"), the
 * value is read as YAML ("1000" a number, "2.4Gbps" a string, "{kind: exponential, mean: 2s}" a
 * mapping). Each override becomes one layer merged last.
 */
import { parse as parseYaml } from 'yaml';
import { UserError } from './userError.ts';
import { firstReservedKey, objectAt, RESERVED_KEYS } from './merge.ts';
import { keysAt, schemaAt } from './schemaWalk.ts';
import type { Layer } from './source.ts';
import { didYouMean } from './suggest.ts';

export function parseOverride(text: string, scenarioFile: string): Layer {
  const eq = text.indexOf('=');
  const at = `${scenarioFile}: --set ${text}`;
  if (eq <= 0) throw new UserError(`${at}: expected path=value (e.g. cluster.pools.gpu.max=4), found no "="`);
  const pathText = text.slice(0, eq).trim();
  const path = pathText.split('.');
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (RESERVED_KEYS.has(seg)) throw new UserError(`${at}: ${pathText}: unknown setting "${seg}" (a reserved word of JavaScript objects, not a setting)`);
    if (schemaAt(path.slice(0, i + 1)) === undefined) {
      const parent = path.slice(0, i);
      const known = keysAt(parent);
      const hint = didYouMean(seg, known);
      const list = !hint && known.length ? ` (known keys here: ${known.join(', ')})` : '';
      const where = parent.length ? `under ${parent.join('.')}` : 'at the top level';
      throw new UserError(`${at}: ${pathText}: unknown setting "${seg}" ${where}${hint}${list}`);
    }
  }
  let value: unknown;
  try {
    value = parseYaml(text.slice(eq + 1));
  } catch (e) {
    throw new UserError(`${at}: ${pathText}: expected a YAML value, found a syntax error: ${(e as Error).message.split('\n')[0]}`);
  }
  const reserved = firstReservedKey(value);
  if (reserved) throw new UserError(`${at}: ${[...path, ...reserved].join('.')}: unknown key "${String(reserved[reserved.length - 1])}" (a reserved word of JavaScript objects, not a setting)`);
  // an empty value ("path=") stays the empty string; a written null is kept, so errors show "null"
  const empty = text.slice(eq + 1).trim() === '';
  return { source: { kind: 'set', text }, data: objectAt(path, empty ? '' : value) };
}
