import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCycles, importSpecifiers, readImportGraph, upwardImports, type ImportGraph } from './importGraph.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const graph = readImportGraph(root, ['sim', 'calibrate', 'reports']);

test('the parser finds static, type-only, re-export, side-effect and dynamic imports, not comments or packages', () => {
  const src = [
    "import { a } from './a.ts';",
    "import type { B } from '../b.ts';",
    "export { c } from './c.ts';",
    "export * from './d.ts';",
    "import './e.ts';",
    "const f = await import('./f.ts');",
    "import {\n  g,\n  h,\n} from './gh.ts';",
    "import yaml from 'yaml';",
    "// import { x } from './commented.ts';",
    "/* import { y } from './blocked.ts'; */",
  ].join('\n');
  assert.equal(importSpecifiers(src), ['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', './f.ts', './gh.ts']);
});

test('the cycle finder reports a circle and a self-import, and nothing in a tree', () => {
  const g: ImportGraph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts', 'd.ts']],
    ['d.ts', []],
    ['e.ts', ['e.ts']],
  ]);
  assert.equal(importCycles(g), [['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  assert.equal(importCycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]])), []);
});

test('the import graph was read (it covers the engine, the model, the cli, calibrate and reports)', () => {
  for (const f of ['sim/engine/simulation.ts', 'sim/model/kiosk.ts', 'sim/cli/main.ts']) assert.ok(graph.has(f), f);
  assert.ok([...graph.keys()].some((f) => f.startsWith('calibrate/')));
  assert.ok([...graph.keys()].some((f) => f.startsWith('reports/')));
  assert.ok(graph.get('sim/model/kiosk.ts')!.length > 5);
});

test('no import circle in sim/, calibrate/ or reports/', () => {
  const cycles = importCycles(graph);
  assert.equal(cycles, [], `circles:\n${cycles.map((c) => '  ' + c.join(' <-> ')).join('\n')}`);
});

test('imports go one way: engine <- model <- (scenario, results) <- cli', () => {
  assert.equal(upwardImports(graph), []);
});

test('only the cli imports calibrate/ and reports/', () => {
  const bad: string[] = [];
  for (const [from, targets] of graph) {
    if (!from.startsWith('sim/') || from.startsWith('sim/cli/')) continue;
    for (const to of targets) if (to.startsWith('calibrate/') || to.startsWith('reports/')) bad.push(`${from} -> ${to}`);
  }
  assert.equal(bad, []);
});

test('kiosk.ts is the composition root: nothing else in sim/model imports it', () => {
  const importers = [...graph].filter(([from, t]) => from.startsWith('sim/model/') && t.includes('sim/model/kiosk.ts')).map(([f]) => f);
  assert.equal(importers, []);
});

test('sim/model: every file under 350 lines, no file name repeated across its folders', () => {
  const files = [...graph.keys()].filter((f) => f.startsWith('sim/model/'));
  assert.ok(files.length > 20);
  const long = files.map((f) => [f, readFileSync(path.join(root, f), 'utf8').split('\n').length] as const).filter(([, n]) => n >= 350);
  assert.equal(long, []);
  const seen = new Map<string, string>();
  const repeated: string[] = [];
  for (const f of files) {
    const base = path.posix.basename(f);
    if (base === 'index.ts') continue;
    if (seen.has(base)) repeated.push(`${seen.get(base)} and ${f}`);
    else seen.set(base, f);
  }
  assert.equal(repeated, []);
});

test.run();
