import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// Every source citation points inside the repository: `REFERENCE.md "Section"` names a heading (or the
// first words of one) of sim/model/REFERENCE.md, and nothing cites the reference files a clone cannot see.
const files = execFileSync('git', ['ls-files', 'sim', 'calibrate', 'reports', 'scenarios', 'test', 'README.md'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|md|yaml|json)$/.test(f) && f !== 'sim/model/REFERENCE.md' && f !== 'test/architecture/citations.test.ts');
const headings = readFileSync('sim/model/REFERENCE.md', 'utf8')
  .split('\n')
  .filter((l) => /^#{2,4} /.test(l))
  .map((l) => l.replace(/^#+ /, '').trim().toLowerCase());

test('no citation of a reference file outside the repository', () => {
  const outside = files.filter((f) => /(kiosk-system|platform)\.md|shared\/reference/.test(readFileSync(f, 'utf8')));
  assert.equal(outside, []);
});

test('every quoted REFERENCE.md section is a heading there', () => {
  const missing: string[] = [];
  let cited = 0;
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/REFERENCE\.md,? "([^"]+)"/g)) {
      cited++;
      const quote = m[1]!.replace(/\s*\n\s*(\*|\/\/|#)?\s*/g, ' ').replace(/\.\.\.$/, '').trim().toLowerCase(); // a quote may wrap across comment lines
      if (!headings.some((h) => h.startsWith(quote) || quote.startsWith(h))) missing.push(`${f}: "${m[1]}"`);
    }
  }
  assert.ok(cited > 20, `expected the model's citations to be found, found ${cited}`);
  assert.equal(missing, []);
});

test.run();
