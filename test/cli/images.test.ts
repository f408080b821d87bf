import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { tempDirs } from '../results/support/tempDirs.ts';
import { runInProcess } from './support/inProcess.ts';
import { writeReport } from '../../reports/index.ts';
import { validateRunDirectory } from '../../reports/run-dir/validate.ts';
import { isUserError } from '../../sim/cli/errors.ts';

const temp = tempDirs('kiosk-images-');
test.after(() => temp.removeAll());
const QUICK = 'scenarios/examples/quick.yaml';
const run = (...args: string[]) => runInProcess(QUICK, '--quiet', '--seed', '4', '--set', 'workload.images=300', ...args);
const summaryOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));

test('--images-file images.csv.gz: the same rows gzip-compressed, validated and reported like images.csv', async () => {
  const root = temp.make();
  const plain = path.join(root, 'plain');
  const gz = path.join(root, 'gz');
  assert.is((await run('--out', plain)).error, null);
  assert.is((await run('--out', gz, '--images-file', 'images.csv.gz')).error, null);
  assert.ok(!existsSync(path.join(gz, 'images.csv')));
  const text = gunzipSync(readFileSync(path.join(gz, 'images.csv.gz'))).toString('utf8');
  assert.is(text, readFileSync(path.join(plain, 'images.csv'), 'utf8'));
  assert.equal(summaryOf(gz).run_dir.images, { file: 'images.csv.gz', selection: 'all' });
  assert.is(summaryOf(gz).run_dir.rows['images.csv'], 300);
  await validateRunDirectory(gz);
  const a = await writeReport([plain], path.join(root, 'rp'), { png: false });
  const b = await writeReport([gz], path.join(root, 'rg'), { png: false });
  const html = (r: { html: string }) => readFileSync(r.html, 'utf8');
  assert.match(html(b), 'Fig. 2a');
  assert.match(html(b), 'Histograms over 300 images');
  assert.match(html(a), 'Histograms over 300 images');
});

test('--images sample:N keeps every k-th image whatever the seed, says so, and still validates', async () => {
  const root = temp.make();
  const dirs = ['s1', 's2'].map((d) => path.join(root, d));
  assert.is((await runInProcess(QUICK, '-q', '--seed', '1', '--set', 'workload.images=300', '--images', 'sample:50', '--out', dirs[0]!)).error, null);
  assert.is((await runInProcess(QUICK, '-q', '--seed', '2', '--set', 'workload.images=300', '--images', 'sample:50', '--out', dirs[1]!)).error, null);
  const ids = (d: string) => readFileSync(path.join(d, 'images.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[1]));
  assert.equal(ids(dirs[0]!), Array.from({ length: 50 }, (_, i) => 6 * i));
  assert.equal(ids(dirs[1]!), ids(dirs[0]!));
  assert.equal(summaryOf(dirs[0]!).run_dir.images, { file: 'images.csv', selection: 'sample', every: 6, requested: 50 });
  assert.is(summaryOf(dirs[0]!).images.submitted, 300, 'the summary still counts every image');
  await validateRunDirectory(dirs[0]!);
  const r = await writeReport([dirs[0]!], path.join(root, 'report'), { png: false });
  assert.match(readFileSync(r.html, 'utf8'), 'every 6th image');
});

test('--images none: no images file; the report says Fig. 2a needs per-image rows; bad values exit 2', async () => {
  const root = temp.make();
  const dir = path.join(root, 'none');
  assert.is((await run('--out', dir, '--images', 'none')).error, null);
  assert.ok(!existsSync(path.join(dir, 'images.csv')) && !existsSync(path.join(dir, 'images.csv.gz')));
  assert.equal(summaryOf(dir).run_dir.images, { file: null, selection: 'none' });
  const marker = JSON.parse(readFileSync(path.join(dir, '.kiosk-sim-run'), 'utf8'));
  assert.not.ok(marker.entries.includes('images.csv'));
  const r = await writeReport([dir], path.join(root, 'report'), { png: false });
  assert.match(readFileSync(r.html, 'utf8'), 'written with --images none');
  for (const args of [['--images', 'some'], ['--images', 'sample:0'], ['--images-file', 'x.csv.bz2']]) {
    const bad = await run('--out', path.join(root, 'bad'), ...args);
    assert.ok(isUserError(bad.error), String(bad.error));
    assert.ok(!existsSync(path.join(root, 'bad')));
  }
});

test.run();
