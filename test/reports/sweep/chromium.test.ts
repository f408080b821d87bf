/**
 * A sweep's report.html in headless Chromium: it loads, shows its one chart, and a screenshot of it has ink (the
 * screenshot helper that made docs/report-sweep.png works). Registered only when Debian's chromium is installed;
 * otherwise this file says so and runs nothing (it is not a pass).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeSweepReport } from '../../../reports/index.ts';
import { prepareSweep, runSweep } from '../../../sim/sweep/sweep.ts';
import { InlineExecutor } from '../../../sim/sweep/task.ts';
import { tempDirs } from '../../results/support/tempDirs.ts';
import { pngSize } from '../../fixtures/reports/chart-check.ts';
import { CHROMIUM, screenshot } from '../../support/screenshot.ts';

if (!CHROMIUM) {
  console.log('\nsweep report.html headless-Chromium check NOT RUN: /usr/bin/chromium is absent (Debian package `chromium`).');
} else {
  const e2e = suite('sweep report.html in headless Chromium');
  const temp = tempDirs('kiosk-sweep-chromium-');
  e2e.after(() => temp.removeAll());
  e2e('loads, renders its chart, and screenshots', async () => {
    const dir = path.join(temp.make(), 'sweep');
    const options = { file: 'scenarios/examples/quick.yaml', grids: ['autoscaling.fixed.image_consumers=5,10', 'cluster.zones=1,2'], overrides: ['workload.images=100', 'replications=2'], out: dir, keepRuns: false };
    await runSweep(options, prepareSweep(options), new InlineExecutor());
    const { html } = await writeSweepReport(dir, path.join(dir, 'report'), { png: false });
    const dom = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=5000', '--dump-dom', pathToFileURL(html).href], { encoding: 'utf8', timeout: 60_000 });
    assert.is(dom.status, 0, dom.stderr);
    assert.is((dom.stdout.match(/<figure /g) ?? []).length, 1);
    assert.ok(dom.stdout.includes('<svg') && dom.stdout.includes('least makespan'));
    const png = path.join(dir, 'shot.png');
    screenshot(html, png, { width: 1000, height: 900 });
    const bytes = readFileSync(png);
    assert.equal(pngSize(bytes), { width: 1000, height: 900 });
    assert.ok(bytes.length > 20_000, `a page with text and a chart, not a blank one (${bytes.length} bytes)`);
  });
  e2e.run();
}
