import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { scenarioJsonSchema } from '../../sim/scenario/jsonSchema.ts';
import { allPaths, keysAt } from '../../sim/scenario/schemaWalk.ts';
import { scenarioSchema } from '../../sim/scenario/schema.ts';
import { closest, editDistance } from '../../sim/scenario/suggest.ts';

type Json = Record<string, unknown>;
const schema = scenarioJsonSchema();

function at(s: Json, dotted: string): Json | undefined {
  let node: Json | undefined = s;
  for (const key of dotted.split('.')) node = (node?.properties as Json | undefined)?.[key] as Json | undefined;
  return node;
}

const CONTRACT_PATHS = [
  'seed', 'replications', 'workload.images', 'cluster.zones', 'cluster.pools.gpu.max', 'cluster.pools.gpu.preemptible',
  'name', 'extends', 'description', 'time_limit', 'timeseries_interval',
];

test('the JSON Schema is draft-07 (what the VS Code YAML extension reads), a closed object, and round-trips through JSON', () => {
  assert.is(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.is(schema.type, 'object');
  assert.is(schema.additionalProperties, false);
  assert.equal(JSON.parse(JSON.stringify(schema)), schema);
});

test('the JSON Schema keeps the key paths other tools use', () => {
  for (const p of CONTRACT_PATHS) assert.ok(at(schema, p), `missing ${p}`);
  assert.is(at(schema, 'cluster.pools.gpu.preemptible')!.type, 'boolean');
  assert.is(at(schema, 'workload.images')!.type, 'integer');
});

test('every field of the JSON Schema carries help text', () => {
  const missing: string[] = [];
  const walk = (s: Json, p: string) => {
    const props = s.properties as Record<string, Json> | undefined;
    if (!props) return;
    for (const [k, v] of Object.entries(props)) {
      const here = p ? `${p}.${k}` : k;
      if (typeof v.description !== 'string' || v.description.length < 8) missing.push(here);
      walk(v, here);
    }
  };
  walk(schema, '');
  assert.equal(missing, []);
});

test('the JSON Schema shows built-in defaults with their units', () => {
  assert.is(at(schema, 'serving.grpc.deadline')!.default, '20s');
  assert.is(at(schema, 'storage.bandwidth')!.default, '200Mbps');
  assert.is(at(schema, 'consumers.image.resources.memory')!.default, '256Mi');
  assert.is(at(schema, 'cluster.zones')!.default, 2);
});

test('the schema walk knows every contract path and the keys of a mapping', () => {
  const paths = allPaths();
  for (const p of CONTRACT_PATHS) assert.ok(paths.includes(p), p);
  assert.ok(paths.includes('cost.prices.machines.<name>.on_demand'));
  assert.equal(keysAt(['cluster', 'pools']), ['gpu', 'consumer', 'default']);
});

test('the zod schema rejects unknown keys at every level', () => {
  assert.not.ok(scenarioSchema.safeParse({ cluster: { pools: { gpu: { maxx: 3 } } } }).success);
  assert.not.ok(scenarioSchema.safeParse({ bogus: 1 }).success);
  assert.ok(scenarioSchema.safeParse({ cluster: { pools: { gpu: { max: 3 } } } }).success);
});

test('the schema output is in SI units', () => {
  const r = scenarioSchema.parse({ time_limit: '5.5h', storage: { bandwidth: '2.4Gbps' }, consumers: { image: { resources: { cpu: '300m', memory: '256Mi' } } } });
  assert.is(r.time_limit, 19_800);
  assert.is(r.storage!.bandwidth, 2.4e9);
  assert.equal(r.consumers!.image!.resources, { cpu: 0.3, memory: 268_435_456 });
});

test('edit distance and suggestions', () => {
  assert.is(editDistance('kitten', 'sitting'), 3);
  assert.is(editDistance('', 'abc'), 3);
  assert.is(closest('replicatons', ['seed', 'replications']), 'replications');
  assert.is(closest('zzzz', ['seed', 'replications']), undefined);
});

test.run();
