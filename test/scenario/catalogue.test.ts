import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isUserError } from '../../sim/cli/errors.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { CATALOGUE_GPUS, GPU_CATALOGUE, MODEL_ERA_OF, offerIn } from '../../sim/scenario/gpuCatalogue.ts';
import { PRICE_TABLES } from '../../sim/model/cost/priceTables.ts';
import { GCP_2019_06 } from '../../sim/model/cost/prices.ts';
import { GCE_US_WEST1_2026 } from '../../sim/model/cost/tables/gce-us-west1-2026.ts';

const headline = 'scenarios/paper/2020-8gpu-0.5s-1m.yaml';
const paper2019 = 'scenarios/paper/2019-8gpu-0.5s-1m.yaml';
const now = 'cost.price_table=gce-us-west1-2026-12';
const gpu = (g: string) => `cluster.pools.gpu.gpu_type=${g}`;

function errorOf(file: string, overrides: string[] = []): string {
  try {
    loadScenario(file, overrides);
  } catch (e) {
    assert.ok(isUserError(e), `not a UserError: ${(e as Error).stack}`);
    return (e as Error).message;
  }
  throw new Error('expected the scenario to be refused');
}

const pick = suite('gpu_type picks the serving profile and the host machine');
pick('the defaults are unchanged: V100, the paper profile, n1-highmem-2, the 2019 prices', () => {
  const s = loadScenario(headline);
  assert.is(s.config.cluster.pools.gpu.machine.name, 'n1-highmem-2');
  assert.equal(s.gpu.profile, { path: 'calibrate/profiles/v100/panoptic/paper-2020.json', fromCatalogue: true });
  assert.equal(s.gpu.priceTable, { id: 'gcp-2019-06', date: '2019-06-17' });
  assert.equal(s.config.cost.prices.gpus, GCP_2019_06.gpus);
});
for (const g of CATALOGUE_GPUS) {
  pick(`${g}: its profile for each era and its host (2026 prices)`, () => {
    for (const [file, era] of [[headline, MODEL_ERA_OF['2020']], [paper2019, MODEL_ERA_OF['2019']]] as const) {
      // the 2019 consumer host n1-standard-8 was not transcribed into the 2026 table: use an n1-standard-4 there
      const s = loadScenario(file, [gpu(g), now, 'cluster.pools.consumer.machine=n1-standard-4']);
      const e = GPU_CATALOGUE[g];
      assert.equal(s.gpu.profile, { path: e.profiles[era], fromCatalogue: true });
      assert.is((s.resolved.serving as { profile: string }).profile, e.profiles[era]);
      const st = s.config.serving.serviceTime;
      assert.ok(st.kind === 'profile' && st.profile.hardware.device.startsWith(g), `${g} ${era}: ${st.kind === 'profile' ? st.profile.hardware.device : st.kind}`);
      assert.is(s.config.cluster.pools.gpu.machine.name, e.host);
      assert.is(s.gpu.source, e.speedSource);
      assert.is(s.gpu.note, undefined);
    }
  });
}
pick('the A100 host carries its vCPU and memory: pods are placed on 12 vCPU / 85 GiB less GKE reservations', () => {
  const m = loadScenario(headline, [gpu('A100'), now]).config.cluster.pools.gpu.machine;
  assert.ok(m.cpu > 11 && m.cpu < 12, String(m.cpu));
  assert.ok(m.memoryBytes > 75 * 2 ** 30 && m.memoryBytes < 85 * 2 ** 30, String(m.memoryBytes));
});
pick('an explicit machine wins over the catalogue host', () => {
  const s = loadScenario('test/fixtures/catalogue/explicit-machine.yaml');
  assert.is(s.config.cluster.pools.gpu.machine.name, 'n1-standard-16');
  assert.is(s.gpu.profile?.path, GPU_CATALOGUE.A100.profiles['panoptic-2020']);
});
pick('an explicit serving.profile wins; the choice says the GPU type then sets only price and host', () => {
  const v100 = GPU_CATALOGUE.V100.profiles['panoptic-2020'];
  const s = loadScenario(headline, [gpu('T4'), `serving.profile=${v100}`]);
  const st = s.config.serving.serviceTime;
  assert.ok(st.kind === 'profile' && st.profile.name === 'paper-2020');
  assert.equal(s.gpu.profile, { path: v100, fromCatalogue: false });
  assert.match(s.gpu.note ?? '', `serving.profile ${v100} is set explicitly, so it gives the GPU speed; gpu_type T4 sets only the price and the host machine`);
  assert.match(s.gpu.note ?? '', GPU_CATALOGUE.T4.profiles['panoptic-2020']);
  // the same profile as the catalogue's: no disagreement to report
  assert.is(loadScenario(headline, [gpu('T4'), `serving.profile=${GPU_CATALOGUE.T4.profiles['panoptic-2020']}`]).gpu.note, undefined);
});
pick('a GPU type without a profile is fine when the user gives the profile (P100 priced in 2019)', () => {
  const s = loadScenario(headline, [gpu('P100'), `serving.profile=${GPU_CATALOGUE.V100.profiles['panoptic-2020']}`]);
  assert.is(s.config.cluster.pools.gpu.machine.gpuType, 'P100');
  assert.match(s.gpu.note ?? '', 'gpu_type P100 sets only the price and the host machine');
});
pick('textbook service times need no profile: any priced GPU type loads', () => {
  const s = loadScenario('scenarios/examples/mm1.yaml', [gpu('K80')]);
  assert.is(s.gpu.profile, null);
});
pick('the resolved scenario loads again to the same configuration and choice', () => {
  const s = loadScenario(headline, [gpu('L4'), now]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-catalogue-'));
  try {
    const file = path.join(dir, 'scenario.json');
    fs.writeFileSync(file, JSON.stringify(s.resolved));
    const again = loadScenario(file);
    assert.equal(again.config, { ...s.config, name: again.config.name });
    // scenario.json names the profile, so on reload it is the user's choice (and the catalogue's, so no note)
    assert.equal(again.gpu, { ...s.gpu, profile: { path: s.gpu.profile!.path, fromCatalogue: false } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
pick.run();

const refuse = suite('GPU types and price tables that do not fit are refused');
refuse('K80 has no profile: the message lists the GPU types that have one and how to add one', () => {
  const m = errorOf(headline, [gpu('K80')]);
  assert.match(m, '--set cluster.pools.gpu.gpu_type=K80: cluster.pools.gpu.gpu_type: expected a GPU type with a serving profile for the 2020 PanopticNet (V100, T4, A100, L4, H100), found "K80"');
  assert.match(m, 'calibrate/gpu_runner.py');
  assert.match(m, 'sim/scenario/gpuCatalogue.ts');
});
refuse('a GPU not offered in the named table: refused with the table\'s reason and the table that offers it', () => {
  const m = errorOf(headline, [gpu('H100')]);
  assert.match(m, 'cluster.pools.gpu.gpu_type: expected a GPU type with a price in cost.prices.gpus (V100, T4, P100, P4, K80), found "H100"');
  assert.match(m, PRICE_TABLES['gcp-2019-06'].notOffered('gpus', 'H100'));
  assert.match(m, 'set cost.price_table: gce-us-west1-2026-12');
  const k80 = errorOf(headline, [gpu('K80'), now]);
  assert.match(k80, 'found "K80": it is not priced in gce-us-west1-2026-12: no K80 rows in the catalogue snapshot');
});
refuse('a GPU the user prices in cost.prices is accepted in a table that lacks it', () => {
  const s = loadScenario(headline, [gpu('L4'), 'cost.prices.gpus.L4={on_demand: 0.7, preemptible: 0.3}', 'cost.prices.machines.g2-standard-4={on_demand: 0.2, preemptible: 0.1}']);
  assert.equal(s.config.cost.prices.gpus.L4, { onDemand: 0.7, preemptible: 0.3 });
  assert.is(s.config.cluster.pools.gpu.machine.name, 'g2-standard-4');
});
refuse('the host of a priced GPU must be priced too', () => {
  const m = errorOf(headline, [gpu('A100'), 'cost.prices.gpus.A100={on_demand: 3, preemptible: 1}']);
  assert.match(m, 'cluster.pools.gpu.gpu_type: expected a GPU type whose host machine a2-highgpu-1g has a price in cost.prices.machines, found "A100"');
});
refuse('a pool machine the named table lacks is refused with the table\'s reason', () => {
  const m = errorOf(paper2019, [now]);
  assert.match(m, 'built-in preset kiosk-2019 (sim/scenario): cluster.pools.consumer.machine: expected a machine type with a price in cost.prices.machines');
  assert.match(m, 'found "n1-standard-8": it is not in gce-us-west1-2026-12: only the machine and GPU types of calibrate/GPU-CATALOGUE.md section 5 were transcribed');
});
refuse('an unknown price table is a schema error naming the two tables', () => {
  assert.match(errorOf(headline, ['cost.price_table=aws-2026']), 'cost.price_table: expected one of "gcp-2019-06", "gce-us-west1-2026-12", found "aws-2026"');
});
refuse.run();

const tables = suite('cost.price_table');
tables('the 2026 table replaces the 2019 one entirely; cost.prices still apply on top', () => {
  const c = loadScenario(headline, [now]).config;
  assert.equal(c.cost.prices.gpus, GCE_US_WEST1_2026.gpus);
  assert.equal(c.cost.prices.machines, GCE_US_WEST1_2026.machines);
  assert.not.ok('K80' in c.cost.prices.gpus);
  const over = loadScenario(headline, [now, 'cost.prices.gpus.V100.preemptible=0.5']).config;
  assert.equal(over.cost.prices.gpus.V100, { onDemand: 2.48, preemptible: 0.5 });
});
tables('every catalogue GPU either loads in a table or is refused there with the reason offerIn gives', () => {
  for (const g of CATALOGUE_GPUS) {
    for (const id of Object.keys(PRICE_TABLES) as (keyof typeof PRICE_TABLES)[]) {
      const offer = offerIn(id, g);
      if (offer.offered) assert.is(loadScenario(headline, [gpu(g), `cost.price_table=${id}`]).config.cluster.pools.gpu.machine.name, offer.machine);
      else assert.match(errorOf(headline, [gpu(g), `cost.price_table=${id}`]), offer.reason);
    }
  }
});
tables.run();
