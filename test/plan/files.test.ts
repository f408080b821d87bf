/**
 * Every shipped plan file (scenarios/plans/*.plan.yaml) reads, starts with the yaml-language-server line
 * naming the committed plan JSON Schema (scenarios/kiosk-sim.plan.schema.json), which equals
 * `kiosk-sim plan --schema` and accepts it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readPlan } from '../../sim/plan/load.ts';
import { planJsonSchema } from '../../sim/plan/schema.ts';
import { validate } from '../support/draft07.ts';

const dir = path.resolve(import.meta.dirname, '../../scenarios/plans');
const files = readdirSync(dir).filter((f) => f.endsWith('.plan.yaml'));
const SCHEMA_FILE = path.resolve(dir, '../kiosk-sim.plan.schema.json');

test('the committed plan schema equals `kiosk-sim plan --schema`', () => {
  const root = path.resolve(dir, '../..');
  const cli = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'sim/cli/main.ts'), 'plan', '--schema'], { cwd: root, encoding: 'utf8' });
  assert.is(readFileSync(SCHEMA_FILE, 'utf8'), cli, 'regenerate: npx tsx sim/cli/main.ts plan --schema > scenarios/kiosk-sim.plan.schema.json');
  assert.equal(JSON.parse(cli), planJsonSchema());
});

test('the shipped plans include the headline question and a small one', () => {
  assert.ok(files.includes('headline.plan.yaml') && files.includes('small.plan.yaml'), files.join(', '));
});

for (const f of files) {
  test(`${f} reads and validates against the plan JSON Schema`, () => {
    const text = readFileSync(path.join(dir, f), 'utf8');
    const m = /^# yaml-language-server: \$schema=(\S+)\n/.exec(text);
    assert.ok(m, `${f}: first line is ${JSON.stringify(text.split('\n')[0])}`);
    assert.is(path.resolve(dir, m![1]!), SCHEMA_FILE);
    const plan = readPlan(path.join(dir, f));
    assert.ok(plan.candidates.length >= 24, `${plan.candidates.length} candidates`);
    assert.equal(validate(planJsonSchema() as never, parse(readFileSync(path.join(dir, f), 'utf8'))), []);
  });
}

test('the headline plan asks the headline question', () => {
  const p = readPlan(path.join(dir, 'headline.plan.yaml'));
  assert.equal(p.goal, { images: 1_000_000, deadline_s: 4 * 3600, budget_usd: 100, confidence: 0.95, cost_tolerance: 0.05 });
  assert.equal(p.axes.find((a) => a.path === 'cluster.pools.gpu.max')?.values, Array.from({ length: 32 }, (_, i) => i + 1));
  assert.equal(p.axes.find((a) => a.path === 'cluster.pools.gpu.gpu_type')?.values, ['T4', 'V100', 'A100', 'L4']);
  assert.equal(p.axes.find((a) => a.path === 'cluster.pools.gpu.preemptible')?.values, [true, false]);
  assert.equal(p.axes.find((a) => a.path === 'cluster.zones')?.values, [1, 2]);
  assert.is(p.candidates.length, 512);
  // each candidate runs the chosen GPU's own machine and price (the 2026 table has all four)
  const a100 = p.candidates.find((c) => c.settings['cluster.pools.gpu.gpu_type'] === 'A100')!.scenario.config;
  assert.is(a100.cluster.pools.gpu.machine.gpuType, 'A100');
  assert.is(a100.cluster.pools.gpu.machine.name, 'a2-highgpu-1g');
});

test('the schema rejects what readPlan rejects: an unknown top-level key', () => {
  assert.ok(validate(planJsonSchema() as never, { extends: 'x', goal: { deadline: '4h', budget: 1 }, search: { a: [1] }, bogus: 1 }).length > 0);
});

test.run();
