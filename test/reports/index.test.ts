import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReport } from '../../reports/index.ts';
import { makeRunDir } from '../fixtures/reports/make-run-dir.ts';
import { withoutNamespaceUris } from '../fixtures/reports/chart-check.ts';
import { tempDirs } from '../results/support/tempDirs.ts';

const temp = tempDirs('kiosk-report-');
test.after(() => temp.removeAll());

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/reports/tiny-run');
const tmp = () => temp.make();

/** The chart ids a page holds, in order, from its <figure data-chart> elements. */
const chartIds = (html: string) => [...html.matchAll(/<figure id="([^"]+)" data-chart=/g)].map((m) => m[1]!);

/** Everything that looks like a URL other than the SVG namespace identifiers (names, never fetched). */
function externalUrls(html: string): string[] {
  return [...withoutNamespaceUris(html).matchAll(/(?:https?:|ftp:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*/gi)].map((m) => m[0]);
}

const single = tmp();
const singleResult = await writeReport([TINY], single);
const singleHtml = readFileSync(singleResult.html, 'utf8');

test('single run: report.html, summary.md, CSVs and an SVG + PNG per chart', () => {
  assert.is(singleResult.html, path.join(single, 'report.html'));
  for (const f of ['report.html', 'summary.md', 'answer.csv', 'runs.csv', 'summary.csv', 'latency.csv', 'histograms.csv', 'timeline.csv', 'paper-comparison.csv', 'fig2c-cost.csv']) {
    assert.ok(existsSync(path.join(single, f)), f);
  }
  for (const chart of ['fig2a-histograms', 'timeline', 'figS1-optimal-gpus']) {
    for (const ext of ['svg', 'png', 'vl.json']) {
      const p = path.join(single, `${chart}.${ext}`);
      assert.ok(existsSync(p) && statSync(p).size > 1000, p);
    }
  }
  assert.ok(singleResult.files.every((f) => existsSync(f)));
});

test('single run: report.html holds every chart inline, with its data', () => {
  // One run: no one-bar cost chart (the answer block carries the cost split) and no one-point Fig. 2b.
  assert.equal(chartIds(singleHtml), ['figS1-optimal-gpus', 'fig2a-histograms', 'timeline']);
  assert.is((singleHtml.match(/<svg /g) ?? []).length, 3);
  const json = /<script type="application\/json" id="chart-data">([^<]*)<\/script>/.exec(singleHtml)![1]!;
  assert.equal(Object.keys(JSON.parse(json)).sort(), ['fig2a-histograms', 'figS1-optimal-gpus', 'timeline']);
});

test('report.html fetches nothing: no URL except the SVG namespace identifiers, no src/href to files', () => {
  assert.ok(singleHtml.includes('xmlns="http://www.w3.org/2000/svg"'), 'the namespace exception is real, so it is accounted for');
  assert.equal(externalUrls(singleHtml), []);
  assert.not.match(singleHtml, /\bsrc\s*=/i);
  assert.not.match(singleHtml, /<link\b/i);
  assert.not.match(singleHtml, /@import|url\(/i);
  assert.not.match(singleHtml, /href="(?!#)/i, 'only in-page anchors');
  assert.equal(externalUrls('see https://example.com/x and //cdn.example.org/a.js'), ['https://example.com/x', '//cdn.example.org/a.js'], 'the detector itself works');
});

test('single run: tables in HTML and Markdown, with the paper comparison', () => {
  for (const s of ['Run summary: tiny-2020-1gpu-10k', 'Per-image times (s)', 'Comparison with the paper', '60–75', 'within range']) {
    assert.ok(singleHtml.includes(s), s);
  }
  const md = readFileSync(path.join(single, 'summary.md'), 'utf8');
  assert.match(md, /\| 2020, 10k images \(GPU count unstated\) \| Total processing time \| min \| 65 \| 60–75 \|/);
  assert.match(md, /!\[Timeline\]\(timeline\.png\)/);
  const csv = readFileSync(path.join(single, 'latency.csv'), 'utf8').trim().split('\n');
  assert.is(csv[0], 'Time,images,mean,p50,p90,p95,p99,max');
  assert.match(csv.find((l) => l.startsWith('TF-Serving'))!, /^TF-Serving response,10,5\.5,5\.5,9\.1/);
});

test('several runs: cross-run Fig. 2b, 2c, S1, then one section per run with its own charts', async () => {
  const base = tmp();
  const dirs = [1, 4, 8].map((g) => makeRunDir(path.join(base, `g${g}`), { images: 300, gpuMax: g, replications: 2, seed: g, sampleEvery: 2 }));
  const out = path.join(base, 'report');
  const result = await writeReport([...dirs, TINY], out);
  const html = readFileSync(result.html, 'utf8');
  const ids = chartIds(html);
  assert.equal(ids.slice(0, 4), ['configurations', 'fig2b-time-vs-gpu', 'fig2c-cost', 'figS1-optimal-gpus']);
  for (const name of ['g1', 'g4', 'g8', 'tiny-run']) {
    assert.ok(ids.includes(`${name}-fig2a-histograms`) && ids.includes(`${name}-timeline`), name);
    assert.ok(existsSync(path.join(out, 'runs', name, 'timeline.png')), name);
  }
  assert.is((html.match(/<svg /g) ?? []).length, ids.length);
  assert.equal(externalUrls(html), []);
  const fig2b = readFileSync(path.join(out, 'fig2b-time-vs-gpu.csv'), 'utf8').trim().split('\n');
  assert.is(fig2b.length, 1 + 4, 'three fixture cells and the tiny run');
});

test('a missing run directory fails before anything is written', async () => {
  const out = path.join(tmp(), 'never');
  try {
    await writeReport([path.join(TINY, 'absent')], out);
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, 'absent');
  }
  assert.not.ok(existsSync(out));
});

test.run();
