/**
 * GCE machine types the kiosk uses, and what a GKE node of each offers to pods. The one machine table of the
 * project: the scenario layer looks pool machines up here.
 *
 * Capacity: GCE's n1 machine types (cloud.google.com/compute/docs/machine-types, "N1 machine types"):
 * n1-standard-N has N vCPUs and 3.75 GB per vCPU; n1-highmem-N 6.5 GB per vCPU. GCE's "GB" here is binary (GiB).
 *
 * Allocatable: GKE reserves part of each node for the kubelet and system daemons (GKE docs, "Standard cluster
 * architecture / Node allocatable resources", the formula used since 2018):
 *   CPU: 6 % of the first core, 1 % of the next core, 0.5 % of the next 2 cores, 0.25 % of cores above 4.
 *   Memory: 25 % of the first 4 GiB, 20 % of the next 4 GiB, 10 % of the next 8 GiB, 6 % of the next 112 GiB,
 *   2 % above 128 GiB (255 MiB on machines under 1 GiB); plus a 100 MiB hard eviction threshold.
 * This yields e.g. n1-standard-1: 940m CPU and 2780 MiB, the figures GKE's own table showed.
 * DaemonSet pods (kube-proxy, logging agents) are not subtracted here (see sim/scenario/machines.ts).
 */

import { GCE_US_WEST1_2026_MACHINES } from '../cost/tables/gce-us-west1-2026.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;

export interface MachineShape {
  name: string;
  vcpus: number;
  memoryGiB: number;
}

/**
 * The accelerator-optimised GPU hosts of the GPU catalogue (sim/scenario/gpuCatalogue.ts): L4, A100 and H100 come
 * only attached to these. Their vCPU and memory are read from the same source rows as their prices (the vCPUs and
 * MemoryGiB columns of the SkyPilot catalogue, sim/model/cost/tables/gce-us-west1-2026.ts), so they live there.
 */
export const ACCELERATOR_HOSTS = ['g2-standard-4', 'a2-highgpu-1g', 'a3-highgpu-1g'] as const;

function hostShape(name: string): MachineShape {
  const row = GCE_US_WEST1_2026_MACHINES[name];
  if (!row) throw new Error(`GPU host ${name} missing from the 2026 machine rows`);
  return { name, vcpus: row.vcpus, memoryGiB: row.memoryGiB };
}

/** GCE n1 shapes (machine-types docs; REFERENCE.md "Node pools"), then the accelerator hosts. */
export const MACHINE_SHAPES: Readonly<Record<string, MachineShape>> = {
  'n1-standard-1': { name: 'n1-standard-1', vcpus: 1, memoryGiB: 3.75 },
  'n1-standard-2': { name: 'n1-standard-2', vcpus: 2, memoryGiB: 7.5 },
  'n1-standard-4': { name: 'n1-standard-4', vcpus: 4, memoryGiB: 15 },
  'n1-standard-8': { name: 'n1-standard-8', vcpus: 8, memoryGiB: 30 },
  'n1-standard-16': { name: 'n1-standard-16', vcpus: 16, memoryGiB: 60 },
  'n1-highmem-2': { name: 'n1-highmem-2', vcpus: 2, memoryGiB: 13 },
  'n1-highmem-4': { name: 'n1-highmem-4', vcpus: 4, memoryGiB: 26 },
  'n1-highmem-8': { name: 'n1-highmem-8', vcpus: 8, memoryGiB: 52 },
  ...Object.fromEntries(ACCELERATOR_HOSTS.map((m) => [m, hostShape(m)])),
};

/** GKE's hard eviction threshold (memory.available < 100Mi). */
export const GKE_EVICTION_THRESHOLD_BYTES = 100 * MiB;

/** Piecewise reservation: `rates` apply to consecutive `widths` of the resource. */
function tiered(amount: number, widths: readonly number[], rates: readonly number[]): number {
  let reserved = 0;
  let left = amount;
  for (let i = 0; i < rates.length && left > 0; i++) {
    const part = Math.min(left, widths[i] ?? Infinity);
    reserved += part * rates[i]!;
    left -= part;
  }
  return reserved;
}

/** GKE's CPU reservation (cores) for a node of `vcpus` cores. */
export function gkeReservedCpu(vcpus: number): number {
  return tiered(vcpus, [1, 1, 2, Infinity], [0.06, 0.01, 0.005, 0.0025]);
}

/** GKE's memory reservation (bytes) for a node of `memoryBytes`, the eviction threshold included. */
export function gkeReservedMemory(memoryBytes: number): number {
  const kubelet = memoryBytes < GiB ? 255 * MiB : tiered(memoryBytes, [4 * GiB, 4 * GiB, 8 * GiB, 112 * GiB, Infinity], [0.25, 0.2, 0.1, 0.06, 0.02]);
  return kubelet + GKE_EVICTION_THRESHOLD_BYTES;
}

/** CPU (cores) and memory (bytes) that pods can request on a GKE node of this shape. */
export function gkeAllocatable(shape: MachineShape): { cpu: number; memoryBytes: number } {
  const memory = shape.memoryGiB * GiB;
  return { cpu: shape.vcpus - gkeReservedCpu(shape.vcpus), memoryBytes: memory - gkeReservedMemory(memory) };
}

/** Looks a shape up by name, or undefined. */
export function machineShape(name: string): MachineShape | undefined {
  return Object.hasOwn(MACHINE_SHAPES, name) ? MACHINE_SHAPES[name] : undefined;
}
