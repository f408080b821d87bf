/**
 * `--grid path=values`: a setting and the values a sweep gives it. Values are a comma-separated
 * list of YAML values (`1,2,4,8`, `0.5s,5s`, `{kind: exponential, mean: 2s}`: commas inside
 * brackets or quotes do not split), where an item `a..b` stands for the integers a to b. A point
 * of the sweep is one value per grid, written as --set overrides; the points are the cartesian
 * product, the first grid varying slowest.
 */
import { parse as parseYaml } from 'yaml';
import { UserError } from '../scenario/userError.ts';
import { parseOverride } from '../scenario/overrides.ts';

export interface GridAxis {
  path: string;
  /** As written (one --set value each). */
  texts: string[];
  /** As YAML reads them: what sweep.json and sweep.csv show. */
  values: unknown[];
}

export interface GridPoint {
  index: number;
  settings: Record<string, unknown>;
  overrides: string[];
}

/** A sweep has at most this many points: beyond it a typo (1..100000) is likelier than a plan. */
export const MAX_POINTS = 100_000;

/** Splits at commas that are not inside {}, [] or quotes. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) { if (ch === quote) quote = null; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function expandItem(item: string, at: string): string[] {
  const range = /^(-?\d+)\s*\.\.\s*(-?\d+)$/.exec(item);
  if (!range) return [item];
  const a = Number(range[1]);
  const b = Number(range[2]);
  if (b < a) throw new UserError(`${at}: expected a range a..b with a <= b (integers, both included), found ${item}`);
  if (b - a + 1 > MAX_POINTS) throw new UserError(`${at}: the range ${item} has ${b - a + 1} values, more than ${MAX_POINTS}`);
  return Array.from({ length: b - a + 1 }, (_, k) => String(a + k));
}

/** Parses one --grid; the path is checked against the schema like --set (values are checked per point when loading). */
export function parseGrid(text: string, scenarioFile: string): GridAxis {
  const at = `${scenarioFile}: --grid ${text}`;
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UserError(`${at}: expected path=v1,v2,... or path=a..b (e.g. cluster.pools.gpu.max=1..8), found no "="`);
  const path = text.slice(0, eq).trim();
  const items = splitTopLevel(text.slice(eq + 1));
  if (items.some((i) => i === '')) throw new UserError(`${at}: ${path}: expected a comma-separated list of values, found an empty value`);
  const texts = items.flatMap((i) => expandItem(i, at));
  for (const t of texts) {
    try {
      parseOverride(`${path}=${t}`, scenarioFile);
    } catch (e) {
      throw new UserError((e as Error).message.replace(`--set ${path}=${t}`, `--grid ${text}`));
    }
  }
  const seen = new Set<string>();
  for (const t of texts) {
    if (seen.has(t)) throw new UserError(`${at}: ${path}: the value ${t} is listed twice`);
    seen.add(t);
  }
  return { path, texts, values: texts.map((t) => parseYaml(t) as unknown) };
}

export function parseGrids(texts: readonly string[], scenarioFile: string): GridAxis[] {
  if (texts.length === 0) throw new UserError(`${scenarioFile}: sweep: give at least one --grid path=v1,v2,...`);
  const axes = texts.map((t) => parseGrid(t, scenarioFile));
  const paths = new Set<string>();
  for (const a of axes) {
    if (paths.has(a.path)) throw new UserError(`${scenarioFile}: --grid ${a.path} is given twice: list all its values in one --grid`);
    paths.add(a.path);
  }
  const n = axes.reduce((p, a) => p * a.texts.length, 1);
  if (n > MAX_POINTS) throw new UserError(`${scenarioFile}: the grid has ${n} points, more than ${MAX_POINTS}`);
  return axes;
}

/** The cartesian product, first axis slowest: row order of sweep.csv. */
export function expandGrid(axes: readonly GridAxis[]): GridPoint[] {
  let points: { settings: Record<string, unknown>; overrides: string[] }[] = [{ settings: {}, overrides: [] }];
  for (const axis of axes) {
    points = points.flatMap((p) => axis.texts.map((t, k) => ({
      settings: { ...p.settings, [axis.path]: axis.values[k] },
      overrides: [...p.overrides, `${axis.path}=${t}`],
    })));
  }
  return points.map((p, index) => ({ index, ...p }));
}
