import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gkeAllocatable, gkeReservedCpuMilli, gkeReservedMemoryMiB, machineShape, MACHINE_SHAPES } from '../../../sim/model/autoscaling/machines.ts';

test('GCE n1 shapes: vCPUs and memory (3.75 GB per vCPU for standard, 13 GB for highmem-2)', () => {
  assert.equal([1, 2, 4, 8].map((n) => MACHINE_SHAPES[`n1-standard-${n}`]?.memoryGiB), [3.75, 7.5, 15, 30]);
  assert.equal(machineShape('n1-highmem-2'), { name: 'n1-highmem-2', vcpus: 2, memoryGiB: 13 });
  assert.throws(() => machineShape('e2-micro'), /known: n1-standard-1/);
});
test('GKE CPU reservation tiers: 60m for 1 core, 70m for 2, 80m for 4, 90m for 8', () => {
  assert.equal([1, 2, 4, 8].map((n) => Math.round(gkeReservedCpuMilli(n))), [60, 70, 80, 90]);
});
test('GKE memory reservation tiers: 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the next 8, 6 % after', () => {
  assert.ok(Math.abs(gkeReservedMemoryMiB(4) - 1024) < 1e-9);
  assert.ok(Math.abs(gkeReservedMemoryMiB(8) - (1024 + 819.2)) < 1e-9);
  assert.ok(Math.abs(gkeReservedMemoryMiB(30) - (1024 + 819.2 + 819.2 + 0.06 * 14 * 1024)) < 1e-9);
  assert.is(gkeReservedMemoryMiB(0.6), 255);
});
test('allocatable: n1-standard-1 940m / 2.7 GiB (as GKE documented); highmem-2 holds a tf-serving pod', () => {
  assert.equal(gkeAllocatable(machineShape('n1-standard-1')), { cpuMilli: 940, memoryMiB: 2780, gpu: 0 });
  const hm2 = gkeAllocatable(machineShape('n1-highmem-2'), 1);
  // tf-serving requests 1 CPU, 3.5 GiB, 1 GPU (kiosk-system.md)
  assert.ok(hm2.cpuMilli >= 1000 && hm2.memoryMiB >= 3584 && hm2.gpu === 1);
  // six 300m consumers fit an n1-standard-2 (1930m), a seventh does not
  const s2 = gkeAllocatable(machineShape('n1-standard-2'));
  assert.is(Math.floor(s2.cpuMilli / 300), 6);
});
test.run();
