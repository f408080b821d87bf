import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_PRICE_TABLE, PRICE_TABLE_IDS, PRICE_TABLES, priceTableNamed } from '../../../sim/model/cost/priceTables.ts';
import { GCP_2019_06 } from '../../../sim/model/cost/prices.ts';
import { GCE_US_WEST1_2026 } from '../../../sim/model/cost/tables/gce-us-west1-2026.ts';
import { MACHINE_SHAPES } from '../../../sim/model/cluster/machines.ts';

test('two dated tables; the default is the paper\'s 2019-06-17 table', () => {
  assert.equal([...PRICE_TABLE_IDS], ['gcp-2019-06', 'gce-us-west1-2026-12']);
  assert.is(DEFAULT_PRICE_TABLE, 'gcp-2019-06');
  assert.is(PRICE_TABLES['gcp-2019-06'].table, GCP_2019_06);
  assert.is(PRICE_TABLES['gce-us-west1-2026-12'].table, GCE_US_WEST1_2026);
  for (const id of PRICE_TABLE_IDS) assert.match(PRICE_TABLES[id].date, /^\d{4}-\d{2}-\d{2}$/);
});

test('an absent item has a reason: the 2019 table\'s scope, the 2026 entry\'s own note, or "not transcribed"', () => {
  assert.match(PRICE_TABLES['gcp-2019-06'].notOffered('gpus', 'A100'), 'not in the kiosk\'s 2019-06-17 price table');
  assert.match(PRICE_TABLES['gce-us-west1-2026-12'].notOffered('gpus', 'K80'), 'no K80 rows in the catalogue snapshot');
  assert.match(PRICE_TABLES['gce-us-west1-2026-12'].notOffered('machines', 'n1-standard-8'), 'not in gce-us-west1-2026-12: only the machine and GPU types');
  assert.match(PRICE_TABLES['gce-us-west1-2026-12'].notOffered('gpus', 'toString'), 'not in gce-us-west1-2026-12');
});

test('tables are found by own key only', () => {
  assert.is(priceTableNamed('toString'), undefined);
  assert.is(priceTableNamed('gcp-2019-06')?.id, 'gcp-2019-06');
});

test('every machine type priced in a table has a shape in the machine table (so pods can be placed on it)', () => {
  for (const id of PRICE_TABLE_IDS) {
    for (const m of Object.keys(PRICE_TABLES[id].table.machines)) assert.ok(Object.hasOwn(MACHINE_SHAPES, m), `${id}: ${m}`);
  }
  assert.equal(MACHINE_SHAPES['a3-highgpu-1g'], { name: 'a3-highgpu-1g', vcpus: 26, memoryGiB: 234 });
});

test.run();
