/**
 * Where a setting came from, and how to point at it in a message: a YAML file (file:line:col of the
 * key or value), a --set override, or a built-in preset. Every user-facing error is built here:
 *   "<file>:<line>:<col>: <yaml.path>: expected <what>, found <what>"
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { UserError } from './userError.ts';
import { quoteExcerpt, shortMessage } from './excerpt.ts';
import { getAt, isPlainObject, pathText, type Path, type PlainObject } from './merge.ts';

export type Source =
  | { kind: 'file'; file: string; doc: Document; lines: LineCounter }
  | { kind: 'set'; text: string }
  | { kind: 'preset'; name: string };

export interface Layer {
  source: Source;
  data: PlainObject;
}

/** Line and column (1-based) of a file offset. */
function position(lines: LineCounter, offset: number): string {
  const p = lines.linePos(offset);
  return `${p.line}:${p.col}`;
}

/**
 * The YAML node for `path`: the key node when `atKey` (for unknown keys), otherwise the value node;
 * the deepest node found when the path runs past the document (e.g. into a scalar's parsed list).
 */
export function nodeAt(doc: Document, path: Path, atKey = false): Node | undefined {
  let node: unknown = doc.contents;
  let found: Node | undefined = (node as Node) ?? undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return found;
      if (last && atKey && pair.key) return pair.key as Node;
      node = pair.value;
      if (node) found = node as Node;
      else return (pair.key as Node) ?? found;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node) found = node as Node;
      else return found;
    } else {
      return found;
    }
  }
  return found;
}

/** "file:line:col" (or "file" / "--set x=y" / "preset p") for a path within a source. */
export function where(source: Source, path: Path, atKey = false, scenarioFile?: string): string {
  switch (source.kind) {
    case 'file': {
      const node = nodeAt(source.doc, path, atKey);
      const range = node?.range;
      return range ? `${source.file}:${position(source.lines, range[0])}` : source.file;
    }
    case 'set':
      return `${scenarioFile ? `${scenarioFile}: ` : ''}--set ${source.text}`;
    case 'preset':
      return `${scenarioFile ? `${scenarioFile}: ` : ''}built-in preset ${source.name} (sim/scenario)`;
  }
}

/** File offset of the node for `path` (0 outside files): sorts several problems of one file in file order. */
export function offsetIn(source: Source, path: Path, atKey = false): number {
  return source.kind === 'file' ? (nodeAt(source.doc, path, atKey)?.range?.[0] ?? 0) : 0;
}

/** The latest layer that sets `path` (or, failing that, its longest prefix). */
export function ownerOf(layers: readonly Layer[], path: Path): { layer: Layer; path: Path } | undefined {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    for (let i = layers.length - 1; i >= 0; i--) {
      if (getAt(layers[i]!.data, prefix) !== undefined) return { layer: layers[i]!, path };
    }
  }
  return undefined;
}

/** One user error: location, YAML path, message. */
export function userError(location: string, path: Path, message: string): UserError {
  return new UserError(`${location}: ${pathText(path)}: ${message}`);
}

/** A user error located at whichever layer set `path`. */
export function errorAt(layers: readonly Layer[], scenarioFile: string, path: Path, message: string, atKey = false): UserError {
  const owner = ownerOf(layers, path);
  const location = owner ? where(owner.layer.source, path, atKey, scenarioFile) : scenarioFile;
  return userError(location, path, message);
}

/**
 * Most alias expansions toJS may perform (the yaml package's maxAliasCount): a scenario needs a handful
 * of anchors (a shared distribution, a price row); a "billion laughs" file of nested aliases needs
 * millions, and would exhaust memory.
 */
export const MAX_ALIAS_COUNT = 100;

/** Position of the first duplicate key of any mapping, in one pass (a Set per mapping). */
function firstDuplicateKey(doc: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k)) continue;
        const text = String(k.value);
        if (seen.has(text)) {
          found = { key: text, offset: k.range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(text);
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The first integer written in the file that a JavaScript number cannot hold exactly (beyond 2^53 - 1):
 * the parser would round it (a `seed: 9007199254740993` would run, and be reported, as ...992).
 */
function firstInexactInteger(doc: Document): { text: string; offset: number } | undefined {
  let found: { text: string; offset: number } | undefined;
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'number' || !Number.isInteger(node.value)) return undefined;
      if (Math.abs(node.value) <= Number.MAX_SAFE_INTEGER || !/^[-+]?(0x[0-9a-f]+|0o[0-7]+|\d+)$/i.test(node.source ?? '')) return undefined;
      found = { text: node.source!, offset: node.range?.[0] ?? 0 };
      return visit.BREAK;
    },
  });
  return found;
}

/** Offset of the first alias (*name) in the document. */
function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Reads and parses one YAML file into a layer; syntax errors become located UserErrors. */
export function parseYamlLayer(file: string, text: string): Layer {
  const lines = new LineCounter();
  // uniqueKeys false: the yaml package checks each key against all earlier ones (quadratic: 146 s for
  // 100k keys); firstDuplicateKey does the same check in one pass
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const problem = doc.errors[0];
  if (problem) {
    const at = position(lines, problem.pos[0]);
    throw new UserError(`${file}:${at}: YAML syntax error: ${shortMessage(problem.message)}`);
  }
  const dup = firstDuplicateKey(doc);
  if (dup) throw new UserError(`${file}:${position(lines, dup.offset)}: YAML syntax error: expected each key once in a mapping, found ${quoteExcerpt(dup.key)} again`);
  const inexact = firstInexactInteger(doc);
  if (inexact) throw new UserError(`${file}:${position(lines, inexact.offset)}: expected an integer of at most ${Number.MAX_SAFE_INTEGER} (2^53-1, the largest a number holds exactly), found ${quoteExcerpt(inexact.text)}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    throw new UserError(`${file}:${position(lines, firstAliasOffset(doc))}: YAML aliases: expected at most ${MAX_ALIAS_COUNT} alias expansions (a scenario needs a few), found more: ${shortMessage(e.message)}`);
  }
  if (data === null || data === undefined) return { source: { kind: 'file', file, doc, lines }, data: {} };
  if (!isPlainObject(data)) {
    // a whole file that is one text (e.g. /proc/self/environ) is not quoted at all: it may hold secrets
    const found = Array.isArray(data) ? 'a list' : typeof data === 'string' ? `one text of ${data.length} characters` : quoteExcerpt(String(data));
    throw new UserError(`${file}:1:1: (top level): expected a mapping of scenario settings (key: value lines), found ${found}`);
  }
  return { source: { kind: 'file', file, doc, lines }, data };
}
