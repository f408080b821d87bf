/**
 * Machine shapes and what Kubernetes can schedule on them on GKE.
 *
 * Capacity: GCE's n1 machine types (cloud.google.com/compute/docs/machine-types, "N1 machine types"):
 * n1-standard-N has N vCPUs and 3.75 GB per vCPU; n1-highmem-2 has 2 vCPUs and 13 GB. GCE's "GB" here is
 * binary (GiB).
 *
 * Allocatable: GKE reserves part of each node for the kubelet and system daemons (GKE docs, "Cluster
 * architecture / Node allocatable resources", the formula used since 2018):
 *   CPU: 6 % of the first core, 1 % of the next core, 0.5 % of the next 2 cores, 0.25 % of cores above 4.
 *   Memory: 25 % of the first 4 GiB, 20 % of the next 4 GiB, 10 % of the next 8 GiB, 6 % of the next 112 GiB,
 *   2 % above 128 GiB; plus a 100 MiB hard eviction threshold.
 * This yields e.g. n1-standard-1: 940m CPU and 2.72 GiB, the figures GKE's own table showed.
 * DaemonSet pods (kube-proxy, logging agents) are not subtracted here: model them as pods on every node.
 */

export interface Resources {
  /** CPU in millicores. */
  cpuMilli: number;
  /** Memory in MiB. */
  memoryMiB: number;
  /** Whole GPUs. */
  gpu: number;
}

export interface MachineShape {
  name: string;
  vcpus: number;
  memoryGiB: number;
}

/** GCE n1 shapes the kiosk uses (machine-types docs; kiosk-system.md "Node pools"). */
export const MACHINE_SHAPES: Readonly<Record<string, MachineShape>> = {
  'n1-standard-1': { name: 'n1-standard-1', vcpus: 1, memoryGiB: 3.75 },
  'n1-standard-2': { name: 'n1-standard-2', vcpus: 2, memoryGiB: 7.5 },
  'n1-standard-4': { name: 'n1-standard-4', vcpus: 4, memoryGiB: 15 },
  'n1-standard-8': { name: 'n1-standard-8', vcpus: 8, memoryGiB: 30 },
  'n1-highmem-2': { name: 'n1-highmem-2', vcpus: 2, memoryGiB: 13 },
};

/** GKE's CPU reservation, millicores, for a machine with `vcpus` cores. */
export function gkeReservedCpuMilli(vcpus: number): number {
  const tiers: [number, number][] = [
    [1, 0.06],
    [1, 0.01],
    [2, 0.005],
    [Number.POSITIVE_INFINITY, 0.0025],
  ];
  return reserve(vcpus, tiers) * 1000;
}

/** GKE's memory reservation, MiB, for a machine with `memoryGiB` (kubelet/system part; eviction threshold apart). */
export function gkeReservedMemoryMiB(memoryGiB: number): number {
  if (memoryGiB < 1) return 255;
  const tiers: [number, number][] = [
    [4, 0.25],
    [4, 0.2],
    [8, 0.1],
    [112, 0.06],
    [Number.POSITIVE_INFINITY, 0.02],
  ];
  return reserve(memoryGiB, tiers) * 1024;
}

/** GKE's hard eviction threshold (memory.available < 100Mi). */
export const GKE_EVICTION_THRESHOLD_MIB = 100;

function reserve(amount: number, tiers: readonly [number, number][]): number {
  let left = amount;
  let reserved = 0;
  for (const [size, share] of tiers) {
    const part = Math.min(left, size);
    reserved += part * share;
    left -= part;
    if (left <= 0) break;
  }
  return reserved;
}

/** Allocatable resources of a GKE node of this shape with `gpus` GPUs attached. CPU floors to whole millicores. */
export function gkeAllocatable(shape: MachineShape, gpus = 0): Resources {
  return {
    cpuMilli: Math.floor(shape.vcpus * 1000 - gkeReservedCpuMilli(shape.vcpus) + 1e-9),
    memoryMiB: Math.floor(shape.memoryGiB * 1024 - gkeReservedMemoryMiB(shape.memoryGiB) - GKE_EVICTION_THRESHOLD_MIB),
    gpu: gpus,
  };
}

/** Looks a shape up by name; throws naming the known ones. */
export function machineShape(name: string): MachineShape {
  const shape = MACHINE_SHAPES[name];
  if (!shape) throw new RangeError(`unknown machine type "${name}" (known: ${Object.keys(MACHINE_SHAPES).join(', ')})`);
  return shape;
}
