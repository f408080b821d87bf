/**
 * The built-in price tables a scenario can name (`cost.price_table`), each with its date and, for every item it
 * does not price, why. A table lists what its source listed; an item it lacks is "not offered" there, and a
 * scenario that needs it is refused with the reason (sim/scenario/gpuCatalogue.ts).
 *
 *   gcp-2019-06           the kiosk benchmarking tool's prices "as of 6/17/19" (the paper's method; the default)
 *   gce-us-west1-2026-12  GCE us-west1 read on 2026-12-01 from the SkyPilot catalogue (tables/gce-us-west1-2026.ts)
 */
import { GCP_2019_06, type PriceTable } from './prices.ts';
import { GCE_US_WEST1_2026, GCE_US_WEST1_2026_GPUS, GCE_US_WEST1_2026_MACHINES, GCE_US_WEST1_2026_READ_ON } from './tables/gce-us-west1-2026.ts';

export const PRICE_TABLE_IDS = ['gcp-2019-06', 'gce-us-west1-2026-12'] as const;
export type PriceTableId = (typeof PRICE_TABLE_IDS)[number];

/** The paper's method: the kiosk's own 2019 table (REFERENCE.md "Prices"). */
export const DEFAULT_PRICE_TABLE: PriceTableId = 'gcp-2019-06';

export interface NamedPriceTable {
  id: PriceTableId;
  /** When the prices were valid (2019) or read (2026), YYYY-MM-DD. */
  date: string;
  table: PriceTable;
  /** Why an item (machine type or GPU type) has no price here. */
  notOffered: (kind: 'machines' | 'gpus', name: string) => string;
}

const NOT_IN_2019 =
  'not in the kiosk\'s 2019-06-17 price table (REFERENCE.md "Prices"), which lists the GCE GPUs of the time (V100, T4, P100, P4, K80) and the N1 machine types the kiosk used';

/** Null entries of the 2026 table carry their reason; anything else was not transcribed from the source. */
function notIn2026(kind: 'machines' | 'gpus', name: string): string {
  const rows: Readonly<Record<string, { note?: string }>> = kind === 'gpus' ? GCE_US_WEST1_2026_GPUS : GCE_US_WEST1_2026_MACHINES;
  const note = Object.hasOwn(rows, name) ? rows[name]!.note : undefined;
  if (note) return `not priced in gce-us-west1-2026-12: ${note}`;
  return 'not in gce-us-west1-2026-12: only the machine and GPU types of calibrate/GPU-CATALOGUE.md section 5 were transcribed from the SkyPilot catalogue snapshot';
}

export const PRICE_TABLES: Readonly<Record<PriceTableId, NamedPriceTable>> = {
  'gcp-2019-06': { id: 'gcp-2019-06', date: '2019-06-17', table: GCP_2019_06, notOffered: () => NOT_IN_2019 },
  'gce-us-west1-2026-12': { id: 'gce-us-west1-2026-12', date: GCE_US_WEST1_2026_READ_ON, table: GCE_US_WEST1_2026, notOffered: notIn2026 },
};

/** The table called `id`, by own key only. */
export function priceTableNamed(id: string): NamedPriceTable | undefined {
  return Object.hasOwn(PRICE_TABLES, id) ? PRICE_TABLES[id as PriceTableId] : undefined;
}
