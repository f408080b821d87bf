/**
 * The node cost ledger: every node's hourly price (machine + GPUs; preemptible or on-demand) times its
 * lifetime inside the run, split into GPU nodes and CPU nodes, as the paper's figures count it (REFERENCE.md
 * "Cost methodology"). Fed by hooks from the cluster model; reads no clock.
 */
import { type PriceTable, type GpuSpec, nodeHourlyPrice } from './prices.ts';
import { LineColumns } from './lineColumns.ts';

export interface NodeCostLine {
  id: string;
  pool: string;
  machine: string;
  gpu: GpuSpec | null;
  preemptible: boolean;
  /** USD per hour. */
  hourlyPrice: number;
  /** Seconds; clipped to the run. */
  startedAt: number;
  /** Seconds; null while the node is still up. */
  stoppedAt: number | null;
}

export interface NodeCosts {
  gpuNodes: number;
  cpuNodes: number;
  total: number;
  /** Node-hours, GPU and CPU nodes. */
  gpuNodeHours: number;
  cpuNodeHours: number;
  lines: readonly NodeCostLine[];
}

export class CostLedger {
  readonly #prices: PriceTable;
  readonly #runStart: number;
  readonly #lines: NodeCostLine[] = [];
  /** Open lines by node id, with their index in #columns. */
  readonly #open = new Map<string, { line: NodeCostLine; index: number }>();
  /** The lines again, as dense columns for the sums (lineColumns.ts). */
  readonly #columns = new LineColumns();
  #finishedAt: number | null = null;

  /** `runStart`: nodes started before it (e.g. the default pool) are charged from it. */
  constructor(prices: PriceTable, runStart = 0) {
    this.#prices = prices;
    this.#runStart = runStart;
  }

  /** A node came up (was created) at `t`. `gpu`: a GPU type (one per node), a spec, or null. */
  nodeStarted(id: string, pool: string, machine: string, gpu: string | GpuSpec | null, preemptible: boolean, t: number): void {
    if (this.#open.has(id)) throw new Error(`cost ledger: node ${id} started twice`);
    const spec = typeof gpu === 'string' ? { type: gpu, count: 1 } : gpu;
    const line: NodeCostLine = {
      id,
      pool,
      machine,
      gpu: spec,
      preemptible,
      hourlyPrice: nodeHourlyPrice(this.#prices, machine, spec, preemptible),
      startedAt: Math.max(t, this.#runStart),
      stoppedAt: null,
    };
    this.#lines.push(line);
    this.#open.set(id, { line, index: this.#columns.add(line.startedAt, line.hourlyPrice, !!(spec && spec.count > 0)) });
  }

  /** A node went away (deleted or preempted) at `t`. */
  nodeStopped(id: string, t: number): void {
    const open = this.#open.get(id);
    if (!open) throw new Error(`cost ledger: node ${id} stopped but was not running`);
    const line = open.line;
    line.stoppedAt = Math.max(t, line.startedAt);
    this.#columns.close(open.index, line.stoppedAt);
    this.#open.delete(id);
  }

  /** Closes the run at `t`: nodes still up are charged until then. */
  finish(t: number): NodeCosts {
    this.#finishedAt = t;
    return this.costAt(t);
  }

  /** Cumulative node cost from the run start to `t` (for time series); `t` beyond finish counts as finish. */
  costAt(t: number): NodeCosts {
    const until = this.#finishedAt === null ? t : Math.min(t, this.#finishedAt);
    return { ...this.#columns.sumAt(until), lines: this.#lines }; // summarise(this.#lines, until), from the columns
  }

  /** costAt(t).total alone: the time series asks for it at every sample, without the other sums' copy. */
  totalAt(t: number): number {
    return this.#columns.sumAt(this.#finishedAt === null ? t : Math.min(t, this.#finishedAt)).total;
  }

  get lines(): readonly NodeCostLine[] {
    return this.#lines;
  }
}

/** Seconds a line has run by `t`. */
export function lineSeconds(line: NodeCostLine, t: number): number {
  const end = line.stoppedAt === null ? t : Math.min(line.stoppedAt, t);
  return Math.max(0, end - line.startedAt);
}

/** Sums node cost and node-hours up to `t`. Pure. */
export function summarise(lines: readonly NodeCostLine[], t: number): NodeCosts {
  let gpuNodes = 0;
  let cpuNodes = 0;
  let gpuNodeHours = 0;
  let cpuNodeHours = 0;
  for (const line of lines) {
    const hours = lineSeconds(line, t) / 3600;
    if (line.gpu && line.gpu.count > 0) {
      gpuNodes += hours * line.hourlyPrice;
      gpuNodeHours += hours;
    } else {
      cpuNodes += hours * line.hourlyPrice;
      cpuNodeHours += hours;
    }
  }
  return { gpuNodes, cpuNodes, total: gpuNodes + cpuNodes, gpuNodeHours, cpuNodeHours, lines };
}

/** Cumulative total node cost at each of `times` (ascending or not), for a cost-over-time chart. */
export function cumulativeCostSeries(lines: readonly NodeCostLine[], times: readonly number[]): { t: number; gpuNodes: number; cpuNodes: number; total: number }[] {
  return times.map((t) => {
    const c = summarise(lines, t);
    return { t, gpuNodes: c.gpuNodes, cpuNodes: c.cpuNodes, total: c.total };
  });
}

export { dataCosts, PAPER_DATA_COSTS, type DataCostInput, type DataCosts, type DataCostConstants } from './dataCosts.ts';
