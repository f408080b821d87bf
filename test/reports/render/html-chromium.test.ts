/**
 * End-to-end: report.html opened in headless Chromium logs no console errors and shows its charts. Registered only
 * when Debian's chromium is installed; otherwise this file says so and runs nothing (it is not a pass).
 */
import { suite } from 'uvu';
import { rmSync } from 'node:fs';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeReport } from '../../../reports/index.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/reports/tiny-run');

if (!CHROMIUM) {
  console.log('\nreport.html headless-Chromium check NOT RUN: /usr/bin/chromium is absent (Debian package `chromium`).');
} else {
  const e2e = suite('report.html in headless Chromium');
  e2e('loads without console errors and renders every chart', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-'));
    try {
      const { html } = await writeReport([TINY], out, { png: false });
      const r = spawnSync(CHROMIUM, [
        '--headless', '--no-sandbox', '--disable-gpu', '--enable-logging=stderr', '--v=0',
        '--virtual-time-budget=5000', '--dump-dom', pathToFileURL(html).href,
      ], { encoding: 'utf8', timeout: 60_000 });
      assert.is(r.status, 0, r.stderr);
      const consoleErrors = r.stderr.split('\n').filter((l) => /CONSOLE|Uncaught|ERR_/.test(l) && !/DevTools|dbus|GPU|sandbox/i.test(l));
      assert.equal(consoleErrors, []);
      assert.is((r.stdout.match(/<figure /g) ?? []).length, 3); // one run: Fig. S1, Fig. 2a, timeline (no one-bar Fig. 2c)
      assert.ok(r.stdout.includes('<svg'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
  e2e.run();
}
