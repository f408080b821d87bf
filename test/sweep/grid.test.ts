import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expandGrid, parseGrid, parseGrids, splitTopLevel } from '../../sim/sweep/grid.ts';

const F = 'scenarios/examples/quick.yaml';

test('a list, a range and a mix expand to the values in order', () => {
  assert.equal(parseGrid('cluster.pools.gpu.max=1,2,4,8', F).values, [1, 2, 4, 8]);
  assert.equal(parseGrid('cluster.pools.gpu.max=1..4', F).texts, ['1', '2', '3', '4']);
  assert.equal(parseGrid('cluster.pools.gpu.max=1..3,8', F).values, [1, 2, 3, 8]);
  assert.equal(parseGrid('workload.arrival.start_delay=0.5s, 5s', F).values, ['0.5s', '5s']);
});

test('commas inside braces and quotes do not split values', () => {
  assert.equal(splitTopLevel('{kind: exponential, mean: 2s},{kind: constant, value: 1s}'), ['{kind: exponential, mean: 2s}', '{kind: constant, value: 1s}']);
  assert.equal(splitTopLevel(`"a,b",c`), ['"a,b"', 'c']);
});

test('an unknown path is refused naming the path and the --grid, like --set', () => {
  assert.throws(() => parseGrid('cluster.pools.gpu.maxx=1,2', F), (e: Error) => e.name === 'UserError' && /--grid cluster\.pools\.gpu\.maxx=1,2/.test(e.message) && /unknown setting "maxx"/.test(e.message) && /did you mean/.test(e.message));
});

test('malformed grids are user errors: no "=", empty value, reversed range, duplicates', () => {
  for (const bad of ['cluster.pools.gpu.max', 'cluster.pools.gpu.max=1,,2', 'cluster.pools.gpu.max=8..1', 'cluster.pools.gpu.max=1,1']) {
    assert.throws(() => parseGrid(bad, F), (e: Error) => e.name === 'UserError' && e.message.includes('--grid'), bad);
  }
  assert.throws(() => parseGrids(['cluster.pools.gpu.max=1', 'cluster.pools.gpu.max=2'], F), /given twice/);
  assert.throws(() => parseGrids([], F), /at least one --grid/);
  assert.throws(() => parseGrids(['workload.images=1..1000', 'seed=1..1000'], F), /more than/);
});

test('the cartesian product varies the first grid slowest and carries --set overrides', () => {
  const points = expandGrid(parseGrids(['cluster.zones=1,2', 'cluster.pools.gpu.max=1..3'], F));
  assert.is(points.length, 6);
  assert.equal(points.map((p) => [p.settings['cluster.zones'], p.settings['cluster.pools.gpu.max']]), [[1, 1], [1, 2], [1, 3], [2, 1], [2, 2], [2, 3]]);
  assert.equal(points[4]!.overrides, ['cluster.zones=2', 'cluster.pools.gpu.max=2']);
  assert.equal(points.map((p) => p.index), [0, 1, 2, 3, 4, 5]);
});

test.run();
