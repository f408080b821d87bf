/** Every shipped plan file (scenarios/plans/*.plan.yaml) reads, and the plan JSON Schema accepts it. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readPlan } from '../../sim/plan/load.ts';
import { planJsonSchema } from '../../sim/plan/schema.ts';
import { validate } from '../support/draft07.ts';

const dir = path.resolve(import.meta.dirname, '../../scenarios/plans');
const files = readdirSync(dir).filter((f) => f.endsWith('.plan.yaml'));

test('the shipped plans include the headline question and a small one', () => {
  assert.ok(files.includes('headline.plan.yaml') && files.includes('small.plan.yaml'), files.join(', '));
});

for (const f of files) {
  test(`${f} reads and validates against the plan JSON Schema`, () => {
    const plan = readPlan(path.join(dir, f));
    assert.ok(plan.candidates.length >= 24, `${plan.candidates.length} candidates`);
    assert.equal(validate(planJsonSchema() as never, parse(readFileSync(path.join(dir, f), 'utf8'))), []);
  });
}

test('the headline plan asks the headline question', () => {
  const p = readPlan(path.join(dir, 'headline.plan.yaml'));
  assert.equal(p.goal, { images: 1_000_000, deadline_s: 4 * 3600, budget_usd: 100, confidence: 0.95 });
  assert.equal(p.axes.find((a) => a.path === 'cluster.pools.gpu.max')?.values, Array.from({ length: 32 }, (_, i) => i + 1));
});

test('the schema rejects what readPlan rejects: an unknown top-level key', () => {
  assert.ok(validate(planJsonSchema() as never, { extends: 'x', goal: { deadline: '4h', budget: 1 }, search: { a: [1] }, bogus: 1 }).length > 0);
});

test.run();
