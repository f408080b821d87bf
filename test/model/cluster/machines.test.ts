import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gkeAllocatable, gkeReservedCpu, gkeReservedMemory, machineShape, MACHINE_SHAPES } from '../../../sim/model/cluster/machines.ts';

const GiB = 2 ** 30;
const MiB = 2 ** 20;
const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol;

test('GCE n1 shapes: 3.75 GB per vCPU for standard, 6.5 GB for highmem; unknown names are undefined', () => {
  assert.equal([1, 2, 4, 8, 16].map((n) => MACHINE_SHAPES[`n1-standard-${n}`]?.memoryGiB), [3.75, 7.5, 15, 30, 60]);
  assert.equal([2, 4, 8].map((n) => MACHINE_SHAPES[`n1-highmem-${n}`]?.memoryGiB), [13, 26, 52]);
  assert.equal(machineShape('n1-highmem-2'), { name: 'n1-highmem-2', vcpus: 2, memoryGiB: 13 });
  assert.is(machineShape('e2-micro'), undefined);
});
test('GKE CPU reservation tiers: 60m for 1 core, 70m for 2, 80m for 4, 90m for 8', () => {
  assert.ok([1, 2, 4, 8].every((n, i) => close(gkeReservedCpu(n), [0.06, 0.07, 0.08, 0.09][i]!)));
});
test('GKE memory reservation tiers (+100 MiB eviction): 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the next 8, 6 % after', () => {
  const ev = 100 * MiB;
  assert.ok(close(gkeReservedMemory(4 * GiB), GiB + ev, 1));
  assert.ok(close(gkeReservedMemory(8 * GiB), GiB + 0.8 * GiB + ev, 1));
  assert.ok(close(gkeReservedMemory(30 * GiB), GiB + 0.8 * GiB + 0.8 * GiB + 0.06 * 14 * GiB + ev, 1));
  assert.is(gkeReservedMemory(0.6 * GiB), 255 * MiB + ev); // machines under 1 GiB: a flat 255 MiB
});
test('allocatable: n1-standard-1 940m / 2780 MiB (as GKE documented); highmem-2 holds a tf-serving pod', () => {
  const s1 = gkeAllocatable(machineShape('n1-standard-1')!);
  assert.ok(close(s1.cpu, 0.94) && close(s1.memoryBytes, 2780 * MiB, 1));
  // tf-serving requests 1 CPU, 3.5 GiB (sim/model/REFERENCE.md)
  const hm2 = gkeAllocatable(machineShape('n1-highmem-2')!);
  assert.ok(hm2.cpu >= 1 && hm2.memoryBytes >= 3.5 * GiB);
  // six 300m consumers fit an n1-standard-2 (1930m), a seventh does not
  assert.is(Math.floor(gkeAllocatable(machineShape('n1-standard-2')!).cpu / 0.3), 6);
});
test.run();
