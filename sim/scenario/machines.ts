/**
 * What a pool's machine type offers to the kiosk's pods: GKE's allocatable (sim/model/cluster/machines.ts, the
 * machine table) less the requests of GKE's own DaemonSets.
 * assumption: the system DaemonSets of GKE 1.14 request 0.2 CPU and 200 MiB on every node (kube-proxy 100m;
 * fluentd-gcp 100m / 200Mi); the reference does not list them. A scenario that knows better sets
 * cluster.pools.<pool>.cpu / memory directly.
 */
import { gkeAllocatable, MACHINE_SHAPES, machineShape } from '../model/cluster/machines.ts';

export { gkeReservedCpu, gkeReservedMemory, MACHINE_SHAPES } from '../model/cluster/machines.ts';

const MiB = 2 ** 20;

/** assumption (see the file comment): per-node requests of GKE's own DaemonSets. */
export const DAEMONSET_CPU = 0.2;
export const DAEMONSET_MEMORY_BYTES = 200 * MiB;

/** CPU cores and memory bytes that pods can request on one node of `machine`, or undefined if unknown. */
export function allocatableFor(machine: string): { cpu: number; memoryBytes: number } | undefined {
  // own keys only: "toString" or "__proto__" is not a machine type
  const shape = Object.hasOwn(MACHINE_SHAPES, machine) ? machineShape(machine) : undefined;
  if (!shape) return undefined;
  const a = gkeAllocatable(shape);
  return { cpu: a.cpu - DAEMONSET_CPU, memoryBytes: a.memoryBytes - DAEMONSET_MEMORY_BYTES };
}
