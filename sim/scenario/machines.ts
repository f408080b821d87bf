/**
 * GCE machine types the kiosk used, and what a GKE node of each offers to pods.
 *
 * Capacity: GCE's published vCPUs and memory (GiB) of each n1 type.
 * Allocatable: GKE reserves, per node (GKE docs, "Standard cluster architecture: node allocatable
 * resources"): CPU 6% of the first core, 1% of the next, 0.5% of the next 2, 0.25% above 4;
 * memory 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above
 * 128 GiB, plus a 100 MiB eviction threshold.
 * assumption: the system DaemonSets of GKE 1.14 also request 0.2 CPU and 200 MiB on every node
 * (kube-proxy 100m; fluentd-gcp 100m / 200Mi); the reference does not list them. A scenario that
 * knows better sets cluster.pools.<pool>.cpu / memory directly.
 */

const GiB = 2 ** 30;
const MiB = 2 ** 20;

/** vCPUs and memory (GiB) from the GCE machine type table. */
export const MACHINE_CAPACITY: Record<string, { vcpus: number; memoryGiB: number }> = {
  'n1-standard-1': { vcpus: 1, memoryGiB: 3.75 },
  'n1-standard-2': { vcpus: 2, memoryGiB: 7.5 },
  'n1-standard-4': { vcpus: 4, memoryGiB: 15 },
  'n1-standard-8': { vcpus: 8, memoryGiB: 30 },
  'n1-standard-16': { vcpus: 16, memoryGiB: 60 },
  'n1-highmem-2': { vcpus: 2, memoryGiB: 13 },
  'n1-highmem-4': { vcpus: 4, memoryGiB: 26 },
  'n1-highmem-8': { vcpus: 8, memoryGiB: 52 },
};

/** assumption (see the file comment): per-node requests of GKE's own DaemonSets. */
export const DAEMONSET_CPU = 0.2;
export const DAEMONSET_MEMORY_BYTES = 200 * MiB;

/** Piecewise reservation: `rates` apply to consecutive `widths` of the resource. */
function tiered(amount: number, widths: number[], rates: number[]): number {
  let reserved = 0;
  let left = amount;
  for (let i = 0; i < rates.length && left > 0; i++) {
    const part = Math.min(left, widths[i] ?? Infinity);
    reserved += part * rates[i]!;
    left -= part;
  }
  return reserved;
}

/** GKE's CPU reservation for a node of `vcpus` cores. */
export function gkeReservedCpu(vcpus: number): number {
  return tiered(vcpus, [1, 1, 2, Infinity], [0.06, 0.01, 0.005, 0.0025]);
}

/** GKE's memory reservation (bytes) for a node of `memoryBytes`, including the eviction threshold. */
export function gkeReservedMemory(memoryBytes: number): number {
  return tiered(memoryBytes, [4 * GiB, 4 * GiB, 8 * GiB, 112 * GiB, Infinity], [0.25, 0.2, 0.1, 0.06, 0.02]) + 100 * MiB;
}

/** CPU cores and memory bytes that pods can request on one node of `machine`, or undefined if unknown. */
export function allocatableFor(machine: string): { cpu: number; memoryBytes: number } | undefined {
  const c = MACHINE_CAPACITY[machine];
  if (!c) return undefined;
  const memory = c.memoryGiB * GiB;
  return {
    cpu: c.vcpus - gkeReservedCpu(c.vcpus) - DAEMONSET_CPU,
    memoryBytes: memory - gkeReservedMemory(memory) - DAEMONSET_MEMORY_BYTES,
  };
}
