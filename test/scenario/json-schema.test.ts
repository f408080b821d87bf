/** The committed JSON Schema (scenarios/kiosk-sim.schema.json): draft-07, current, and it checks real files. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { JSON_SCHEMA_DRAFT, scenarioJsonSchema, unitPattern } from '../../sim/scenario/jsonSchema.ts';
import { parseQuantity, type UnitKind } from '../../sim/scenario/units.ts';
import { validate } from '../support/draft07.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCHEMA_FILE = path.join(root, 'scenarios', 'kiosk-sim.schema.json');
const committed = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    // *.plan.yaml are planner files (sim/plan), checked by test/plan/files.test.ts
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) && !n.endsWith('.plan.yaml') ? [p] : [];
  });
}
const scenarioFiles = yamlFiles(path.join(root, 'scenarios'));

test('the committed schema is draft-07 and equals `kiosk-sim schema` output', () => {
  assert.is(committed.$schema, JSON_SCHEMA_DRAFT);
  assert.is(JSON_SCHEMA_DRAFT, 'http://json-schema.org/draft-07/schema#');
  const cli = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'sim/cli/main.ts'), 'schema'], { cwd: root, encoding: 'utf8' });
  assert.is(readFileSync(SCHEMA_FILE, 'utf8'), cli, 'regenerate: npx tsx sim/cli/main.ts schema > scenarios/kiosk-sim.schema.json');
  assert.equal(JSON.parse(cli), scenarioJsonSchema());
  assert.not.ok(cli.includes('$defs'), 'draft-07 keeps shared schemas under definitions');
});

test('every scenario and plan file starts with the yaml-language-server line pointing at the schema', () => {
  assert.ok(scenarioFiles.length >= 40, `found ${scenarioFiles.length} files`);
  for (const f of scenarioFiles) {
    const first = readFileSync(f, 'utf8').split('\n')[0]!;
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    assert.ok(m, `${path.relative(root, f)}: first line is ${JSON.stringify(first)}`);
    assert.is(path.resolve(path.dirname(f), m![1]!), SCHEMA_FILE, path.relative(root, f));
  }
});

test('the committed schema validates every committed scenario and plan file', () => {
  for (const f of scenarioFiles) {
    const errors = validate(committed, parse(readFileSync(f, 'utf8')));
    assert.equal(errors, [], path.relative(root, f));
  }
});

test('the schema rejects a bad unit, an unknown key and a wrong type, and accepts the unit forms', () => {
  const errs = (v: unknown) => validate(committed, v);
  assert.ok(errs({ storage: { bandwidth: '2.4GB' } }).some((e) => e.includes('$.storage.bandwidth')), 'a size where a bandwidth is expected');
  assert.ok(errs({ time_limit: '20 parsecs' }).length > 0);
  assert.ok(errs({ workload: { image_size: '1.5Mb' } }).length > 0, 'bits where a size is expected');
  assert.ok(errs({ consumers: { image: { startup: '20x' } } }).length > 0, 'a distribution given as a bad plain duration');
  assert.ok(errs({ cluster: { pools: { gpu: { maxx: 3 } } } }).length > 0);
  assert.ok(errs({ cluster: { zones: 'two' } }).length > 0);
  assert.equal(errs({
    time_limit: '5.5h', storage: { bandwidth: '2.4Gbps' }, workload: { image_size: '1.5MB', arrival: { kind: 'paced', start_delay: 0.5 } },
    consumers: { image: { resources: { cpu: '300m', memory: '256Mi' }, startup: { kind: 'lognormal', mean: '20s', cv: 0.5 }, crash_mtbf: 'never' } },
    serving: { service_time: 'profile' },
  }), []);
});

const SAMPLES: Record<UnitKind, string[]> = {
  duration: ['20s', '500ms', '5m', '5.5h', '1d', ' 20 s ', '.5s', '2e3ms', '12', '20 sec', '20x', 's', '20S', '1..5s', '2.4Gbps', 'never'],
  size: ['1.5MB', '256Mi', '3.5GiB', '5.6kB', '100', '1.5Mb', '1.5mb', '2GBps', 'MB'],
  bandwidth: ['2.4Gbps', '240Mbps', '100MB/s', '1Gbit/s', '2.4GB', '2.4GBps', '1e9', '10 Mbps'],
  cpu: ['300m', '1.5', '2', '300mc', '1 core'],
  rate: ['10/s', '600/min', '36000/h', '10', '10/sec', '10 per s'],
};

test('each unit pattern accepts exactly what the scenario parser accepts', () => {
  for (const [kind, samples] of Object.entries(SAMPLES) as [UnitKind, string[]][]) {
    const re = new RegExp(unitPattern(kind), 'u');
    for (const s of samples) assert.is(re.test(s), parseQuantity(s, kind).ok, `${kind} ${JSON.stringify(s)}`);
  }
  assert.ok(new RegExp(unitPattern('duration', ['never']), 'u').test('never'));
});

test.run();
