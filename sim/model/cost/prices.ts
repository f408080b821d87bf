/**
 * Hourly prices of machines and GPUs, on demand and preemptible. The built-in table is the one the kiosk's
 * benchmarking tool used, "as of 6/17/19" (REFERENCE.md "Prices"); other tables come from JSON the caller
 * has read (this module reads no files) and are validated with zod.
 */
import { z } from 'zod';

export interface Price {
  /** USD per hour. */
  onDemand: number;
  /** USD per hour. */
  preemptible: number;
}

export interface PriceTable {
  /** Where the prices come from (shown in reports). */
  source: string;
  /** Per machine type (e.g. n1-standard-2), USD/h. */
  machines: Readonly<Record<string, Price>>;
  /** Per GPU type (e.g. V100), USD/h per GPU. */
  gpus: Readonly<Record<string, Price>>;
}

/** GCP us-west1 prices "as of 6/17/19" from the kiosk's benchmarking tool (REFERENCE.md, table "Prices"). */
export const GCP_2019_06: PriceTable = {
  source: 'GCP prices as of 2019-06-17 (kiosk benchmarking tool; REFERENCE.md)',
  machines: {
    'n1-standard-1': { onDemand: 0.0475, preemptible: 0.01 },
    'n1-standard-2': { onDemand: 0.095, preemptible: 0.02 },
    'n1-standard-4': { onDemand: 0.19, preemptible: 0.04 },
    'n1-standard-8': { onDemand: 0.38, preemptible: 0.08 },
    'n1-highmem-2': { onDemand: 0.1184, preemptible: 0.025 },
  },
  gpus: {
    V100: { onDemand: 2.48, preemptible: 0.74 },
    T4: { onDemand: 0.95, preemptible: 0.29 },
    P100: { onDemand: 1.46, preemptible: 0.43 },
    P4: { onDemand: 0.6, preemptible: 0.216 },
    K80: { onDemand: 0.45, preemptible: 0.135 },
  },
};

/** A price table file that does not match the expected shape. */
export class PriceTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriceTableError';
  }
}

const priceSchema = z.strictObject({
  onDemand: z.number().nonnegative(),
  preemptible: z.number().nonnegative(),
});
const tableSchema = z.strictObject({
  source: z.string().optional(),
  machines: z.record(z.string().min(1), priceSchema),
  gpus: z.record(z.string().min(1), priceSchema).default({}),
});

/**
 * Validates a user price table (already parsed JSON): `{ source?, machines: { type: { onDemand, preemptible } },
 * gpus?: { ... } }`, USD per hour. `source` names the file in error messages and becomes the table's source
 * unless the JSON gives one.
 */
export function parsePriceTable(json: unknown, source: string): PriceTable {
  const parsed = tableSchema.safeParse(json, { jitless: true }); // parsed once: interpreted beats compiling a parser (sim/scenario/load.ts ONE_SHOT)
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new PriceTableError(`${source}: price table at ${where}: ${issue?.message ?? 'invalid'}; expected { machines: { <type>: { onDemand, preemptible } }, gpus?: {...} } in USD per hour`);
  }
  return { source: parsed.data.source ?? source, machines: parsed.data.machines, gpus: parsed.data.gpus };
}

/** A node's accelerators: type and count (the kiosk uses one GPU per node). */
export interface GpuSpec {
  type: string;
  count: number;
}

/** USD per hour of a node: machine + its GPUs, preemptible or on-demand prices. */
export function nodeHourlyPrice(table: PriceTable, machine: string, gpu: GpuSpec | null, preemptible: boolean): number {
  const m = table.machines[machine];
  if (!m) throw new PriceTableError(`${table.source}: no price for machine type "${machine}" (known: ${Object.keys(table.machines).join(', ')})`);
  let price = preemptible ? m.preemptible : m.onDemand;
  if (gpu && gpu.count > 0) {
    const g = table.gpus[gpu.type];
    if (!g) throw new PriceTableError(`${table.source}: no price for GPU type "${gpu.type}" (known: ${Object.keys(table.gpus).join(', ')})`);
    price += gpu.count * (preemptible ? g.preemptible : g.onDemand);
  }
  return price;
}
