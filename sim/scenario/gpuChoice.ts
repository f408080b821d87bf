/**
 * Two scenario layers the loader computes from what a scenario chose, and the record of that choice:
 *   - the price table: cost.price_table names a built-in table; it becomes cost.prices under every layer a user
 *     wrote (a scenario's own cost.prices and price_file apply on top of it);
 *   - the GPU: cluster.pools.gpu.gpu_type picks that GPU's serving profile for the scenario's era and its host
 *     machine (gpuCatalogue.ts), each only where no file or --set chose one. An explicit serving.profile wins;
 *     the GPU type then sets only the price and host, and the choice says so.
 * A GPU type the named table does not offer, or one with no profile when the profile is left to the catalogue,
 * is refused with the reason and what would work.
 */
import { priceTableNamed, PRICE_TABLE_IDS, type PriceTableId } from '../model/cost/priceTables.ts';
import { catalogueGpu, CATALOGUE_GPUS, HOW_TO_ADD_A_GPU, MODEL_ERA_OF, MODEL_ERA_TITLE, offerIn } from './gpuCatalogue.ts';
import { snakePrices } from './defaults.ts';
import type { Path, PlainObject } from './merge.ts';
import type { ScenarioParsed } from './schema.ts';
import { ownerOf, type Layer } from './source.ts';
import type { UserError } from './userError.ts';

/** What a run's speed and prices rest on (summary.json gpu_speed / prices, the console). */
export interface GpuChoice {
  /** The GPU pool's GPU type; null when the pool has no GPUs. */
  gpu: string | null;
  /** The serving profile in use (repository-relative path) and whether the catalogue picked it; null without one. */
  profile: { path: string; fromCatalogue: boolean } | null;
  /** One line: where the profile's speed comes from. */
  source: string | null;
  /** Set when an explicit serving.profile and the GPU type disagree. */
  note?: string;
  priceTable: { id: PriceTableId; date: string };
}

/** The built-in table `id` as the layer right above the defaults (cost.prices in the scenario's spelling). */
export function priceTableLayer(id: PriceTableId): Layer {
  return { source: { kind: 'preset', name: `price table ${id}` }, data: { cost: { prices: snakePrices(priceTableNamed(id)!.table) } } };
}

/** A preset (the defaults among them) without its cost.prices: the named table's layer takes their place. */
export function withoutPrices(defaults: PlainObject): PlainObject {
  if (defaults.cost === undefined) return defaults;
  const cost = { ...(defaults.cost as PlainObject) };
  delete cost.prices;
  return { ...defaults, cost };
}

/** Whether a file or --set (not a preset, the defaults or a computed layer) sets `path`. */
function userSets(layers: readonly Layer[], p: Path): boolean {
  const owner = ownerOf(layers, p);
  return owner !== undefined && owner.layer.source.kind !== 'preset';
}

const list = (xs: readonly string[]) => xs.join(', ');

export interface GpuLayer {
  /** Settings the catalogue fills (serving.profile, cluster.pools.gpu.machine); undefined when nothing to fill. */
  layer?: Layer;
  gpu: string | null;
  fromCatalogue: boolean;
  note?: string;
  source: string | null;
}

/**
 * The GPU layer for a merged, validated scenario. `fail` builds the located error for a YAML path;
 * `profilePath` turns a serving.profile reference into its repository-relative path.
 */
export function gpuLayer(p: ScenarioParsed, layers: readonly Layer[], fail: (path: Path, message: string) => UserError, profilePath: (ref: string) => string): GpuLayer {
  const pool = p.cluster?.pools?.gpu;
  const gpu = pool?.gpu_type;
  if (!pool || !gpu || gpu === 'none' || !((pool.gpus ?? 0) > 0)) return { gpu: null, fromCatalogue: false, source: null };
  const at: Path = ['cluster', 'pools', 'gpu', 'gpu_type'];
  const tableId = (p.cost?.price_table ?? 'gcp-2019-06') as PriceTableId;
  const table = priceTableNamed(tableId)!;
  const entry = catalogueGpu(gpu);
  const otherTables = entry ? PRICE_TABLE_IDS.filter((id) => id !== tableId && offerIn(id, entry.gpu).offered) : [];
  const elsewhere = otherTables.length > 0 ? `; set cost.price_table: ${otherTables.join(' or ')}, which offers it, or price it in cost.prices` : '; price it in cost.prices.gpus';

  // 1. the price: the GPU must be priced in cost.prices (the named table, or the scenario's own prices)
  const gpus = p.cost?.prices?.gpus ?? {};
  if (!Object.hasOwn(gpus, gpu)) {
    throw fail(at, `expected a GPU type with a price in cost.prices.gpus (${list(Object.keys(gpus))}), found "${gpu}": it is ${table.notOffered('gpus', gpu)} (cost.price_table ${tableId})${elsewhere}`);
  }
  const fill: PlainObject = {};
  // 2. the host machine: the catalogue's, unless a file or --set chose the machine
  if (entry && !userSets(layers, ['cluster', 'pools', 'gpu', 'machine'])) {
    const machines = p.cost?.prices?.machines ?? {};
    if (!Object.hasOwn(machines, entry.host)) {
      throw fail(at, `expected a GPU type whose host machine ${entry.host} has a price in cost.prices.machines, found "${gpu}": ${entry.host} is ${table.notOffered('machines', entry.host)} (cost.price_table ${tableId})${otherTables.length > 0 ? `; set cost.price_table: ${otherTables.join(' or ')}` : ''}, price ${entry.host} in cost.prices.machines, or set cluster.pools.gpu.machine`);
    }
    if (pool.machine !== entry.host) fill.cluster = { pools: { gpu: { machine: entry.host } } };
  }
  // 3. the profile: the catalogue's for the era, unless a file or --set chose one
  const needsProfile = p.serving?.service_time?.kind === 'profile' || p.consumers?.image?.postprocess?.kind === 'profile';
  const era = MODEL_ERA_OF[p.era ?? '2020'];
  const explicit = userSets(layers, ['serving', 'profile']) && p.serving?.profile !== undefined;
  let out: GpuLayer = { gpu, fromCatalogue: false, source: null };
  if (needsProfile && explicit) {
    const chosen = profilePath(p.serving!.profile!);
    const own = entry?.profiles[era];
    if (chosen !== own) {
      out.note = `serving.profile ${chosen} is set explicitly, so it gives the GPU speed; gpu_type ${gpu} sets only the price and the host machine${own ? ` (the catalogue's ${gpu} profile for the ${MODEL_ERA_TITLE[era]} is ${own})` : ''}`;
    } else {
      out.source = entry!.speedSource;
    }
  } else if (needsProfile) {
    if (!entry) {
      throw fail(at, `expected a GPU type with a serving profile for the ${MODEL_ERA_TITLE[era]} (${list(CATALOGUE_GPUS)}), found "${gpu}": ${HOW_TO_ADD_A_GPU}`);
    }
    out = { gpu, fromCatalogue: true, source: entry.speedSource };
    if (p.serving?.profile !== entry.profiles[era]) fill.serving = { profile: entry.profiles[era] };
  }
  if (Object.keys(fill).length > 0) out.layer = { source: { kind: 'preset', name: `GPU catalogue (${gpu}, ${MODEL_ERA_TITLE[era]})` }, data: fill };
  return out;
}

/**
 * Every pool's machine type must be priced in cost.prices; one the named table lacks is refused with the table's
 * reason (e.g. the 2019 consumer host n1-standard-8 under gce-us-west1-2026-12, where it was not transcribed).
 */
export function checkMachinePrices(p: ScenarioParsed, fail: (path: Path, message: string) => UserError): void {
  const tableId = (p.cost?.price_table ?? 'gcp-2019-06') as PriceTableId;
  const machines = p.cost?.prices?.machines ?? {};
  for (const name of ['gpu', 'consumer', 'default'] as const) {
    const m = p.cluster?.pools?.[name]?.machine;
    if (m === undefined || Object.hasOwn(machines, m)) continue;
    throw fail(['cluster', 'pools', name, 'machine'], `expected a machine type with a price in cost.prices.machines (${list(Object.keys(machines))}), found "${m}": it is ${priceTableNamed(tableId)!.notOffered('machines', m)} (cost.price_table ${tableId}); price it in cost.prices.machines or choose a priced machine type`);
  }
}
