import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOGUE, CATALOGUE_GPUS, CATALOGUE_HOST_SHAPES, MODEL_ERAS, PRICE_TABLES, kioskThroughput, loadCatalogueProfile, nodePrice, renderDerivedProfiles } from '../../../calibrate/catalogue/index.ts';
import { REPO_ROOT } from '../../../calibrate/catalogue/files.ts';
import { ERAS } from '../../../calibrate/catalogue/derive.ts';
import { makeBatchTimeSampler } from '../../../sim/model/serving/profile.ts';
import { MACHINE_SHAPES } from '../../../sim/model/cluster/machines.ts';
import { CATALOGUE_GPUS as SIM_GPUS, GPU_CATALOGUE } from '../../../sim/scenario/gpuCatalogue.ts';
import { GCE_US_WEST1_2026, GCE_US_WEST1_2026_GPUS, GCE_US_WEST1_2026_MACHINES } from '../../../sim/model/cost/tables/gce-us-west1-2026.ts';

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

const cat = suite('GPU catalogue');
cat('every GPU has a valid profile for each model era', () => {
  for (const gpu of CATALOGUE_GPUS) {
    for (const era of MODEL_ERAS) {
      const file = path.join(REPO_ROOT, CATALOGUE[gpu].profiles[era]);
      assert.ok(existsSync(file), `${gpu} ${era}: ${file} missing`);
      const p = loadCatalogueProfile(gpu, era);
      assert.is(p.model, ERAS[era].model, `${gpu} ${era}`);
      const t = makeBatchTimeSampler(p, () => 0.5)(1, p.input.tileHeight, p.input.tileWidth);
      assert.ok(t > 0 && Number.isFinite(t), `${gpu} ${era}: batch time ${t}`);
    }
  }
});
cat('every GPU has a price in each table, or a documented reason it is not offered there', () => {
  for (const gpu of CATALOGUE_GPUS) {
    for (const [id, table] of Object.entries(PRICE_TABLES)) {
      const offer = CATALOGUE[gpu].offers[id as keyof typeof PRICE_TABLES];
      if (offer.offered) {
        assert.ok(table.gpus[offer.gpu], `${gpu}: no GPU price in ${id}`);
        assert.ok(table.machines[offer.machine], `${gpu}: host ${offer.machine} not priced in ${id}`);
        const expected = table.machines[offer.machine]!.onDemand + table.gpus[offer.gpu]!.onDemand;
        close(nodePrice(gpu, id as keyof typeof PRICE_TABLES, false), expected);
      } else {
        assert.ok(offer.reason.length > 20, `${gpu} in ${id}: not offered needs a reason`);
        assert.throws(() => nodePrice(gpu, id as keyof typeof PRICE_TABLES, true), /not offered/);
      }
    }
  }
});
cat('the 2019 V100 node costs what sim/model/REFERENCE.md derives ($0.765/h preemptible, $2.598/h on demand)', () => {
  close(nodePrice('V100', 'gcp-2019-06', true), 0.765, 1e-9);
  close(nodePrice('V100', 'gcp-2019-06', false), 2.5984, 1e-9);
});
cat('every GPU has a host machine with vCPUs and memory', () => {
  for (const gpu of CATALOGUE_GPUS) {
    const h = CATALOGUE[gpu].host;
    assert.ok(h.vcpus > 0 && h.memoryGiB > 0, `${gpu}: host ${h.machine}`);
    assert.ok(h.source.length > 0);
  }
  assert.is(CATALOGUE.H100.host.machine, 'a3-highgpu-1g');
  assert.equal([CATALOGUE.L4.host.vcpus, CATALOGUE.L4.host.memoryGiB], [4, 16]);
});
cat('the catalogue is the simulator\'s: same GPUs, profiles and hosts; every host is in the machine table the loader places pods with', () => {
  assert.equal([...CATALOGUE_GPUS], [...SIM_GPUS]);
  for (const gpu of CATALOGUE_GPUS) {
    assert.equal(CATALOGUE[gpu].profiles, GPU_CATALOGUE[gpu].profiles);
    assert.is(CATALOGUE[gpu].host.machine, GPU_CATALOGUE[gpu].host);
    const shape = MACHINE_SHAPES[CATALOGUE[gpu].host.machine];
    assert.ok(shape, `${gpu}: host ${CATALOGUE[gpu].host.machine} not in MACHINE_SHAPES`);
    assert.equal([shape!.vcpus, shape!.memoryGiB], [CATALOGUE[gpu].host.vcpus, CATALOGUE[gpu].host.memoryGiB]);
  }
});
cat('host shapes list each host once; the N1 host agrees with the machine table', () => {
  assert.equal(CATALOGUE_HOST_SHAPES.map((s) => s.name), ['n1-highmem-2', 'a2-highgpu-1g', 'g2-standard-4', 'a3-highgpu-1g']);
  assert.equal(CATALOGUE_HOST_SHAPES[0], MACHINE_SHAPES['n1-highmem-2']);
});
cat('the committed derived profiles are what the derivation produces', () => {
  for (const [rel, text] of renderDerivedProfiles()) {
    assert.is(readFileSync(path.join(REPO_ROOT, rel), 'utf8'), text, `${rel} is stale: run npx tsx calibrate/catalogue/write-profiles.ts`);
  }
});
cat('kioskThroughput of the V100 paper profiles gives the paper centre, 7.07 images/s', () => {
  for (const era of MODEL_ERAS) {
    const k = kioskThroughput(loadCatalogueProfile('V100', era));
    close(k.imagesPerSecond.centre, 1 / Math.sqrt(0.02), 2e-4);
    close(k.imagesPerSecond.low, 5, 2e-4);
    close(k.imagesPerSecond.high, 10, 2e-4);
  }
});
cat.run();

const prices = suite('GCE us-west1 2026 price table');
prices('every figure carries a source; missing ones are null with a reason and left out of the PriceTable', () => {
  for (const [name, e] of Object.entries({ ...GCE_US_WEST1_2026_MACHINES, ...GCE_US_WEST1_2026_GPUS })) {
    assert.ok(e.source.length > 0, name);
    const inTable = GCE_US_WEST1_2026.machines[name] ?? GCE_US_WEST1_2026.gpus[name];
    if (e.onDemand === null || e.spot === null) {
      assert.ok((e.note ?? '').length > 0, `${name}: unpriced without a reason`);
      assert.is(inTable, undefined);
    } else {
      assert.equal(inTable, { onDemand: e.onDemand, preemptible: e.spot });
    }
  }
});
prices('the H100 entry says its sources disagree', () => {
  assert.match(GCE_US_WEST1_2026_GPUS.H100!.note ?? '', /SOURCES DISAGREE/);
});
prices.run();
