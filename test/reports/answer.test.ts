/** The page opens with the answer: makespan, cost and its split, throughput, limits, prices, GPU speed provenance. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeReport } from '../../reports/index.ts';
import { answerTable, NOT_RECORDED } from '../../reports/answer/answer.ts';
import { groupByConfiguration } from '../../reports/configs/group.ts';
import { fakeRun } from '../fixtures/reports/fake-runs.ts';
import { makeRunDir } from '../fixtures/reports/make-run-dir.ts';
import { tempDirs } from '../results/support/tempDirs.ts';

const temp = tempDirs('kiosk-answer-');
test.after(() => temp.removeAll());

const tmp = () => temp.make();
const value = (t: ReturnType<typeof answerTable>, q: string, col = 1) => String(t.rows.find((r) => r[0] === q)![col]);

const RECORDED = {
  limited_by: [{ cause: 'upload', detail: 'the 2.4 Gbps link delivers 217 images/s' }, { cause: 'gpu_max' }],
  gpu_speed: { provenance: 'measured', profile: 'paper-2020', source: 'calibrate/profiles/paper-2020.json' },
  prices: { table: 'gcp-us-central1', date: '2020-06' },
};

test('answer: console units for makespan (h), cost ($, with its split) and throughput (images/s)', () => {
  const run = fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 90, sdMinutes: 6, costs: [1, 2, 0.5, 3], totalSd: 0.25 });
  run.summary.throughput_images_per_s = { mean: 1.85, sd: 0.12, min: 1.7, max: 2 };
  const t = answerTable(groupByConfiguration([run]).configurations);
  assert.is(value(t, 'Makespan'), '1.5 ± 0.1 h');
  assert.is(value(t, 'Cost'), '$6.50 ± $0.25');
  assert.is(value(t, 'Cost split'), 'GPU nodes $2.00, CPU nodes $0.50, data $1.00, inter-zone egress $3.00');
  assert.is(value(t, 'Throughput'), '1.85 ± 0.12 images/s');
});

test('answer: limited_by, gpu_speed and prices shown when summary.json has them', () => {
  const run = fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 90 });
  Object.assign(run.summary, RECORDED);
  const t = answerTable(groupByConfiguration([run]).configurations);
  assert.is(value(t, 'Limited by'), 'upload (the 2.4 Gbps link delivers 217 images/s); gpu_max');
  assert.is(value(t, 'Price table'), 'gcp-us-central1 (prices of 2020-06)');
  assert.is(value(t, 'GPU speed'), '7.5 images/s per GPU, measured (profile paper-2020; source: calibrate/profiles/paper-2020.json)');
});

test('answer: "not recorded by this run" when summary.json lacks them', () => {
  const t = answerTable(groupByConfiguration([fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 90 })]).configurations);
  assert.is(value(t, 'Limited by'), NOT_RECORDED);
  assert.is(value(t, 'Price table'), NOT_RECORDED);
  assert.is(value(t, 'GPU speed'), `7.5 images/s per GPU (profile fake); measured or derived: ${NOT_RECORDED}`);
  assert.is(NOT_RECORDED, 'not recorded by this run');
});

test('answer: one column per configuration, a derived speed says so', () => {
  const a = fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 90 });
  const b = fakeRun({ images: 1e4, gpuMax: 4, delay: 0.5, minutes: 60, policy: 'keda' });
  b.summary.gpu_speed = { provenance: 'derived', profile: 'paper-2020', source: 'V100 profile scaled by FP32 throughput' };
  const t = answerTable(groupByConfiguration([a, b]).configurations);
  assert.equal(t.columns, ['', 'autoscaling.policy=kiosk', 'autoscaling.policy=keda']);
  assert.ok(value(t, 'GPU speed', 2).includes(', derived (profile paper-2020; source: V100 profile scaled by FP32 throughput)'));
  assert.ok(value(t, 'GPU speed', 1).includes(NOT_RECORDED));
});

for (const [name, extra] of [['recorded', RECORDED], ['absent', {}]] as const) {
  test(`report.html and summary.md open with the answer (fields ${name})`, async () => {
    const out = tmp();
    const dir = makeRunDir(path.join(out, 'run'), { images: 200, summaryExtra: extra });
    const { html } = await writeReport([dir], path.join(out, 'report'), { png: false });
    const page = readFileSync(html, 'utf8');
    const answerAt = page.indexOf('<table class="answer">');
    assert.ok(answerAt > 0 && answerAt < page.indexOf('<figure'), 'the answer comes before every chart');
    assert.ok(page.indexOf('<section id="answer">') < page.indexOf('<section id="overview">'));
    const md = readFileSync(path.join(out, 'report', 'summary.md'), 'utf8');
    const sections = md.split('\n').filter((l) => l.startsWith('## '));
    assert.is(sections[0], '## The answer');
    for (const q of ['Makespan', 'Cost split', 'Throughput', 'Limited by', 'Price table', 'GPU speed']) assert.ok(md.includes(`| ${q} |`), q);
    if (name === 'recorded') {
      assert.ok(page.includes('gcp-us-central1 (prices of 2020-06)') && page.includes(', measured (profile paper-2020'));
      assert.not.ok(page.includes(NOT_RECORDED));
    } else {
      assert.is((md.match(/not recorded by this run/g) ?? []).length, 3);
    }
  });
}

test.run();
