/**
 * Loading a scenario, in named phases (each error is one located UserError, never a stack trace):
 *   1. read    the file and its `extends` chain (presets or YAML files) into layers
 *   2. set     add one layer per --set override (path checked against the schema)
 *   3. check   each layer against the schema (unknown keys, types, units) at its own position
 *   4. merge   defaults <- presets <- files <- overrides, and validate the merged tree
 *      the price table cost.price_table names goes right above the defaults, and the GPU catalogue fills the
 *      serving profile and host machine of cluster.pools.gpu.gpu_type where no file or --set chose them
 *      (gpuChoice.ts)
 *   5. files   read what the scenario names: serving profile, arrival trace, price file
 *   6. normalise to the model's KioskConfig (SI units) and check impossible values
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { UserError } from './userError.ts';
import type { KioskConfig } from '../model/config.ts';
import { parseProfile, type ServingProfile } from '../model/serving/profile.ts';
import { checkConfig, configProblems } from './checks.ts';
import { DEFAULTS } from './defaults.ts';
import { allProblems, firstProblem, type ScenarioProblem } from './issues.ts';
import { shortMessage } from './excerpt.ts';
import { showValue } from './fields.ts';
import { deepMerge, firstReservedKey, getAt, mergeAll, type Path, type PlainObject } from './merge.ts';
import { normalize, ScenarioProblemError, type ScenarioFiles } from './normalize.ts';
import { parseOverride } from './overrides.ts';
import { PRESET_NAMES, presetNamed } from './presets.ts';
import { nameProblem } from './scenarioName.ts';
import { scenarioSchema, type ScenarioInput, type ScenarioParsed } from './schema.ts';
import { errorAt, offsetIn, ownerOf, parseYamlLayer, userError, where, type Layer } from './source.ts';
import { didYouMean } from './suggest.ts';
import { checkMachinePrices, gpuLayer, priceTableLayer, withoutPrices, type GpuChoice } from './gpuChoice.ts';
import { DEFAULT_PRICE_TABLE, priceTableNamed, type PriceTableId } from '../model/cost/priceTables.ts';
import { readTextFile, type FileKind } from './textFile.ts';
import { parseTrace } from './trace.ts';

/** The package root: base of calibrate/... and scenarios/... paths. */
export { REPO_ROOT } from './repoRoot.ts';
import { REPO_ROOT } from './repoRoot.ts';

/**
 * zod compiles a parser for each object schema at its first parse (new Function), which pays back
 * over thousands of parses; a start parses a scenario a few times, and compiling cost ~50 ms of a
 * ~100 ms first load (docs/speed-history.md, session 9: validate). Interpreted parsing gives the same results.
 */
export const ONE_SHOT = { jitless: true } as const;

export interface LoadedScenario {
  /** The merged scenario as a user would write it (units as strings), defaults filled. */
  input: ScenarioInput;
  /** The model's configuration. */
  config: KioskConfig;
  replications: number;
  /** Plain JSON for scenario.json: the merged input with file paths made repo-relative; loadable again. */
  resolved: PlainObject;
  /** What the run's GPU speed and prices rest on (summary.json gpu_speed and prices). */
  gpu: GpuChoice;
}

export interface LoadOptions {
  /** Reads a file named by the scenario (tests substitute fixtures). Default: readTextFile (textFile.ts). */
  readText?: (absolutePath: string) => string;
  /**
   * Report every problem found in a phase (validate), not only the first (run): the schema problems of
   * every layer, or of the merged scenario, or the first of each consistency check. They come as one
   * UserError, one problem per line, in file order (extended files first, then the file, then --set).
   */
  allProblems?: boolean;
}

/** One problem, located, with where it sits for sorting: the index of its layer and its offset there. */
interface Found {
  error: UserError;
  layer: number;
  offset: number;
}

/** A Found for `path`, located at whichever layer set it. */
function locate(layers: readonly Layer[], file: string, p: Path, message: string, atKey = false): Found {
  const owner = ownerOf(layers, p);
  return {
    error: errorAt(layers, file, p, message, atKey),
    layer: owner ? layers.indexOf(owner.layer) : -1,
    offset: owner ? offsetIn(owner.layer.source, p, atKey) : 0,
  };
}

/** Throws the problems found, if any, as one UserError in file order. */
function raise(found: Found[]): void {
  if (found.length === 0) return;
  const sorted = found.map((f, i) => ({ f, i })).sort((a, b) => a.f.layer - b.f.layer || a.f.offset - b.f.offset || a.i - b.i);
  throw new UserError(sorted.map(({ f }) => f.error.message).join('\n'));
}

const problemsOf = (error: z.ZodError, data: unknown, all: boolean | undefined): ScenarioProblem[] =>
  all ? allProblems(error, data) : [firstProblem(error, data)];

const PER_FILE_KEYS = ['name', 'description', 'extends'];

function readText(file: string, opts: LoadOptions, kind: FileKind = 'yaml'): string {
  if (!opts.readText) return readTextFile(file, kind);
  try {
    return opts.readText(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new UserError(`${file}: cannot read the file${code === 'ENOENT' ? ': no such file' : `: ${(e as Error).message}`}`);
  }
}

/** Why reading failed, from readText's UserError ("<file>: reason" -> ": reason"). */
function readReason(e: unknown, abs: string): string {
  const m = e instanceof UserError ? e.message : '';
  return m.startsWith(`${abs}:`) ? m.slice(abs.length) : '';
}

const isFileRef = (ref: string) => /\.(ya?ml|json)$/i.test(ref) || ref.includes('/');

/** Phase 1: the layers of `file`, base first: presets, extended files, the file itself. */
function readChain(file: string, opts: LoadOptions, seen: string[] = [], from?: string): Layer[] {
  const abs = path.resolve(file);
  if (seen.includes(abs)) throw new UserError(`${file}: extends: circular extends chain: ${[...seen, abs].map((f) => path.relative(process.cwd(), f)).join(' -> ')}`);
  let text: string;
  try {
    text = readText(file, opts);
  } catch (e) {
    // an extended file that cannot be read: say which extends line named it
    if (from && e instanceof UserError) throw new UserError(`${e.message} (named by extends at ${from})`);
    throw e;
  }
  const layer = parseYamlLayer(file, text);
  refuseReservedKeys(layer);
  const ext = Object.hasOwn(layer.data, 'extends') ? layer.data.extends : undefined;
  if (ext === undefined) return [layer];
  if (typeof ext !== 'string') throw userError(where(layer.source, ['extends']), ['extends'], `expected a preset name (${PRESET_NAMES.join(', ')}) or a YAML file, found ${showValue(ext)}`);
  if (presetNamed(ext)) return [...presetChain(ext), layer];
  if (isFileRef(ext)) {
    const base = path.resolve(path.dirname(file), ext);
    if (!fs.existsSync(base) && !opts.readText) throw userError(where(layer.source, ['extends']), ['extends'], `expected a YAML file to extend, found no file at ${base}`);
    return [...readChain(base, opts, [...seen, abs], where(layer.source, ['extends'])), layer];
  }
  throw userError(where(layer.source, ['extends']), ['extends'], `expected a built-in preset (${PRESET_NAMES.join(', ')}) or a .yaml file, found ${showValue(ext)}${didYouMean(ext, PRESET_NAMES)}`);
}

/** Keys such as __proto__ name no setting and would corrupt the merge (merge.ts RESERVED_KEYS). */
function refuseReservedKeys(layer: Layer, prefix: Path = []): void {
  const p = firstReservedKey(layer.data);
  if (p) throw userError(where(layer.source, p, true), [...prefix, ...p], `unknown key "${String(p[p.length - 1])}" (a reserved word of JavaScript objects, not a setting)`);
}

function presetChain(name: string): Layer[] {
  // a preset's prices are those of its price table, which the loader places itself (loadScenario, phase 4)
  const data = withoutPrices(presetNamed(name)! as PlainObject);
  const own: Layer = { source: { kind: 'preset', name }, data };
  const ext = data.extends;
  return typeof ext === 'string' && ext !== name ? [...presetChain(ext), own] : [own];
}

/** The last string value of a per-file key among the scenario file and its --set layers. */
function lastString(layers: readonly Layer[], key: string): string | undefined {
  let out: string | undefined;
  for (const l of layers) {
    const v = Object.hasOwn(l.data, key) ? l.data[key] : undefined;
    if (typeof v === 'string') out = v;
  }
  return out;
}

/**
 * `--set extends=...` would have to re-read the chain under the file, so it is refused with what to do
 * instead (extending is the file's own business).
 */
function refuseSetExtends(set: Layer, file: string): void {
  if (Object.hasOwn(set.data, 'extends')) {
    throw userError(where(set.source, ['extends'], false, file), ['extends'], 'cannot be set with --set (the extends chain is read before overrides apply); write a small YAML file with "extends: <file or preset>" and the settings, or edit the scenario\'s extends line');
  }
}

function stripPerFile(data: PlainObject): PlainObject {
  const out = { ...data };
  for (const k of PER_FILE_KEYS) delete out[k];
  return out;
}

/** Phase 3: one layer against the schema, its problems located in that layer. */
function layerProblems(layer: Layer, index: number, scenarioFile: string, all: boolean | undefined): Found[] {
  const r = scenarioSchema.safeParse(layer.data, ONE_SHOT);
  if (r.success) return [];
  return problemsOf(r.error, layer.data, all).map((p) => ({
    error: userError(where(layer.source, p.path, p.atKey, scenarioFile), p.path, p.message),
    layer: index,
    offset: offsetIn(layer.source, p.path, p.atKey),
  }));
}

/** The directory a relative path set at `yamlPath` is relative to: the setting file's, else cwd. */
function baseDirOf(layers: Layer[], yamlPath: Path): string {
  for (let i = layers.length - 1; i >= 0; i--) {
    if (getAt(layers[i]!.data, yamlPath) === undefined) continue;
    const s = layers[i]!.source;
    return s.kind === 'file' ? path.dirname(s.file) : s.kind === 'set' ? process.cwd() : REPO_ROOT;
  }
  return REPO_ROOT;
}

/** A path named in the scenario: relative to the file that set it, else to the repository root. */
function resolveRef(layers: Layer[], yamlPath: Path, ref: string): string {
  if (path.isAbsolute(ref)) return ref;
  const local = path.resolve(baseDirOf(layers, yamlPath), ref);
  if (fs.existsSync(local)) return local;
  const fromRoot = path.resolve(REPO_ROOT, ref);
  return fs.existsSync(fromRoot) ? fromRoot : local;
}

/** Phase 5: the serving profile, trace and price file the scenario names. */
function readNamedFiles(parsed: ScenarioParsed, layers: Layer[], file: string, opts: LoadOptions): ScenarioFiles {
  const fail = (p: Path, message: string) => errorAt(layers, file, p, message);
  const files: ScenarioFiles = {};
  const needsProfile = parsed.serving?.service_time?.kind === 'profile' || parsed.consumers?.image?.postprocess?.kind === 'profile';
  if (needsProfile) {
    const ref = parsed.serving?.profile;
    if (!ref) throw fail(['serving', 'profile'], 'expected a serving profile file (service_time or postprocess is "profile"), found nothing');
    const abs = resolveRef(layers, ['serving', 'profile'], ref);
    let json: unknown;
    try {
      json = JSON.parse(readText(abs, opts, 'profile'));
    } catch (e) {
      throw fail(['serving', 'profile'], e instanceof UserError ? `expected a serving profile JSON file, found no readable file at ${abs}${readReason(e, abs)}` : `expected a serving profile in JSON, found invalid JSON in ${abs}: ${shortMessage((e as Error).message)}`);
    }
    let profile: ServingProfile;
    try {
      profile = parseProfile(json, abs);
    } catch (e) {
      throw fail(['serving', 'profile'], `expected a valid serving profile, found: ${shortMessage((e as Error).message)}`);
    }
    if (parsed.consumers?.image?.postprocess?.kind === 'profile' && !profile.postprocess) {
      throw fail(['consumers', 'image', 'postprocess'], `expected a distribution: "profile" needs post-processing times, found none in ${ref}`);
    }
    files.profile = profile;
  }
  const arrival = parsed.workload?.arrival;
  if (arrival?.kind === 'trace' && arrival.file) {
    const abs = resolveRef(layers, ['workload', 'arrival', 'file'], arrival.file);
    let text: string;
    try {
      text = readText(abs, opts, 'trace');
    } catch (e) {
      throw fail(['workload', 'arrival', 'file'], `expected a CSV file of arrival times, found no readable file at ${abs}${readReason(e, abs)}`);
    }
    const r = parseTrace(text);
    if (!r.ok) throw new UserError(`${path.relative(process.cwd(), abs)}:${r.line}: ${r.message} (the trace of workload.arrival.file in ${file})`);
    files.traceTimes = r.times;
  }
  return files;
}

/** A price file ({machines, gpus}) merged over cost.prices; errors located in the price file. */
function priceLayer(parsed: PlainObject, layers: Layer[], file: string, opts: LoadOptions): Layer | undefined {
  const ref = getAt(parsed, ['cost', 'price_file']);
  if (typeof ref !== 'string') return undefined;
  const abs = resolveRef(layers, ['cost', 'price_file'], ref);
  let text: string;
  try {
    text = readText(abs, opts);
  } catch (e) {
    throw errorAt(layers, file, ['cost', 'price_file'], `expected a YAML or JSON price table, found no readable file at ${abs}${readReason(e, abs)}`);
  }
  const table = parseYamlLayer(abs, text);
  refuseReservedKeys(table, ['cost', 'prices']);
  const layer: Layer = { source: table.source, data: { cost: { prices: table.data } } };
  // Locate problems in the price file itself: its top level is cost.prices.
  const r = scenarioSchema.safeParse(layer.data, ONE_SHOT);
  if (!r.success) {
    const p = firstProblem(r.error, layer.data);
    const inner = p.path.slice(2);
    throw userError(where(table.source, inner, p.atKey), p.path, p.message);
  }
  return layer;
}

function repoRelative(abs: string): string {
  const rel = path.relative(REPO_ROOT, abs);
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
}

/** The merged input as JSON a later load accepts, with file references made repo-relative. */
function resolvedJson(merged: PlainObject, layers: Layer[]): PlainObject {
  const out = structuredClone(merged);
  for (const p of [['serving', 'profile'], ['workload', 'arrival', 'file'], ['cost', 'price_file']] as const) {
    const ref = getAt(out, p);
    if (typeof ref !== 'string') continue;
    let node = out as PlainObject;
    for (const k of p.slice(0, -1)) node = node[k] as PlainObject;
    node[p[p.length - 1]!] = repoRelative(resolveRef(layers, p, ref));
  }
  return out;
}

/** Loads, validates and normalises one scenario file with --set overrides. */
export function loadScenario(file: string, overrides: readonly string[] = [], opts: LoadOptions = {}): LoadedScenario {
  // 1. read
  const chain = readChain(file, opts);
  // the defaults' cost.prices give way to the table cost.price_table names (phase 4)
  const defaults: Layer = { source: { kind: 'preset', name: 'defaults (kiosk-2020)' }, data: withoutPrices(DEFAULTS as PlainObject) };
  // 2. set
  const sets = overrides.map((o) => parseOverride(o, file));
  for (const set of sets) refuseSetExtends(set, file);
  let layers = [defaults, ...chain, ...sets];
  // 3. check each layer where it was written (the first problem, or with allProblems all of every layer)
  const inLayers: Found[] = [];
  for (let i = 0; i < layers.length && (opts.allProblems || inLayers.length === 0); i++) inLayers.push(...layerProblems(layers[i]!, i, file, opts.allProblems));
  raise(inLayers);
  // 4. merge; name and description belong to the scenario file itself (or a --set of them), extends to each file
  const own = [chain[chain.length - 1]!, ...sets];
  const tableId = (getAt(mergeAll(layers.map((l) => l.data)), ['cost', 'price_table']) ?? DEFAULT_PRICE_TABLE) as PriceTableId;
  layers = [defaults, priceTableLayer(tableId), ...chain, ...sets];
  const mergedRaw = mergeAll(layers.map((l) => stripPerFile(l.data)));
  const prices = priceLayer(mergedRaw, layers, file, opts);
  const merged = prices ? (deepMerge(mergedRaw, prices.data) as PlainObject) : mergedRaw;
  if (prices) layers = [...layers, prices];
  const name = lastString(own, 'name') ?? path.basename(file).replace(/\.(ya?ml|json)$/i, '');
  const description = lastString(own, 'description');
  let withName: PlainObject = { name, ...(description !== undefined ? { description } : {}), ...merged };
  let parsedResult = scenarioSchema.safeParse(withName, ONE_SHOT);
  const inMerged: Found[] = [];
  const badName = nameProblem(name);
  if (badName) {
    // only the scenario file and --set give the name (a base file's name is not inherited)
    const f = locate([chain[chain.length - 1]!, ...sets], file, ['name'], badName);
    inMerged.push({ ...f, layer: f.layer < 0 ? -1 : f.layer + layers.indexOf(chain[chain.length - 1]!) });
  }
  if (!parsedResult.success && (opts.allProblems || !badName)) {
    inMerged.push(...problemsOf(parsedResult.error, withName, opts.allProblems).map((p) => locate(layers, file, p.path, p.message, p.atKey)));
  }
  raise(inMerged);
  if (!parsedResult.success) throw new Error('unreachable: the merged scenario failed without a problem');
  // the GPU catalogue's layer: profile and host machine of the GPU type, where the user chose none
  const chosen = gpuLayer(parsedResult.data, layers, (p, m) => errorAt(layers, file, p, m), (ref) => repoRelative(resolveRef(layers, ['serving', 'profile'], ref)));
  if (chosen.layer) {
    layers = [...layers, chosen.layer];
    withName = deepMerge(withName, chosen.layer.data) as PlainObject;
    parsedResult = scenarioSchema.safeParse(withName, ONE_SHOT);
    if (!parsedResult.success) raise(problemsOf(parsedResult.error, withName, false).map((p) => locate(layers, file, p.path, p.message, p.atKey)));
    if (!parsedResult.success) throw new Error('unreachable: the catalogue layer failed without a problem');
  }
  const parsed = parsedResult.data;
  // 5. files
  const files = readNamedFiles(parsed, layers, file, opts);
  // 6. normalise and check
  let config: KioskConfig;
  try {
    config = normalize(parsed, name, files);
    // after normalize (an unknown machine type is its error), before the checks (which know no price table)
    checkMachinePrices(parsed, (p, m) => errorAt(layers, file, p, m));
    if (opts.allProblems) raise(configProblems(config).map((e) => locate(layers, file, e.path, e.message, e.atKey)));
    else checkConfig(config);
  } catch (e) {
    if (e instanceof ScenarioProblemError) throw errorAt(layers, file, e.path, e.message, e.atKey);
    throw e;
  }
  const arrival = config.workload.arrival;
  if (arrival.kind === 'trace') {
    const per = arrival.unit === 'zip' ? config.workload.imagesPerZip : 1;
    arrival.times = arrival.times.slice(0, Math.ceil(config.workload.images / per));
  }
  const table = priceTableNamed(tableId)!;
  const profileRef = config.serving.serviceTime.kind === 'profile' ? parsed.serving?.profile : undefined;
  const profile = files.profile;
  const gpu: GpuChoice = {
    gpu: chosen.gpu,
    profile: profileRef ? { path: repoRelative(resolveRef(layers, ['serving', 'profile'], profileRef)), fromCatalogue: chosen.fromCatalogue } : null,
    source: profileRef && profile ? (chosen.source ?? `${profile.hardware.device}: profile "${profile.name}" (${profile.provenance})`) : null,
    ...(chosen.note && profileRef ? { note: chosen.note } : {}),
    priceTable: { id: table.id, date: table.date },
  };
  return {
    input: withName as ScenarioInput,
    config,
    replications: parsed.replications ?? 1,
    resolved: resolvedJson(withName, layers),
    gpu,
  };
}
