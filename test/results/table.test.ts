import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runReplications } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { consoleTable } from '../../sim/results/table.ts';
import { idealConfig } from '../support/idealConfig.ts';

const cfg = () => idealConfig({ images: 200, rate: 3, service: { kind: 'exponential', mean: 1 }, servers: 4, consumers: 4, routing: 'random' });

const row = (table: string, key: string) => table.split('\n').find((l) => l.startsWith(key))!;

test('a finished run prints its makespan in hours', () => {
  const s = summarize('ideal', runReplications(cfg(), 1));
  assert.ok(s.completed);
  assert.match(row(consoleTable(s), 'makespan'), new RegExp(`makespan\\s+${(s.makespan_s.mean / 3600).toFixed(2)} h$`));
});

test('a run stopped by its time limit says the makespan was not reached, not "0.00 h"', () => {
  const s = summarize('ideal', runReplications({ ...cfg(), timeLimit: 20 }, 1));
  assert.not.ok(s.completed);
  const t = consoleTable(s);
  assert.match(row(t, 'completed'), 'NO: time limit');
  assert.match(row(t, 'makespan'), /makespan\s+not reached \(stopped after a simulated window of 0\.01 h\)$/);
  assert.match(row(t, 'throughput'), /over the simulated window$/);
});

test('the table names what limited the run', () => {
  const s = summarize('ideal', runReplications(cfg(), 1));
  const line = row(consoleTable(s), 'limited by');
  assert.ok(line, 'a "limited by" row');
  for (const l of s.limited_by) assert.ok(line.includes(l.cause));
});

test('the table prints end-to-end latency and every warning', () => {
  const s = { ...summarize('ideal', runReplications(cfg(), 1)), warnings: ['autoscaling.policy fixed: 10 image consumers ...'] };
  const t = consoleTable(s);
  assert.match(row(t, 'latency end-to-end (s)'), /p50 \d/);
  assert.match(row(t, 'WARNING'), 'autoscaling.policy fixed: 10 image consumers');
});

test.run();
