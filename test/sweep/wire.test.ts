import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { fromWire, toWire } from '../../sim/sweep/wire.ts';
import { loadScenario } from '../../sim/scenario/load.ts';

test('non-finite numbers, -0, typed arrays and Maps survive the wire (plain JSON loses them)', () => {
  const value = { inf: Infinity, ninf: -Infinity, nan: NaN, nz: -0, f: new Float64Array([1.5, NaN, -0]), i: new Int32Array([-3, 7]), u: new Uint8Array([2, 255]), m: new Map([['a', [NaN, 1]]]), s: 'x', n: null };
  const back = fromWire<typeof value>(toWire(value));
  assert.is(back.inf, Infinity);
  assert.is(back.ninf, -Infinity);
  assert.ok(Number.isNaN(back.nan));
  assert.ok(Object.is(back.nz, -0));
  assert.instance(back.f, Float64Array);
  assert.ok(Number.isNaN(back.f[1]!) && Object.is(back.f[2], -0) && back.f[0] === 1.5);
  assert.equal([...back.i], [-3, 7]);
  assert.instance(back.u, Uint8Array);
  assert.instance(back.m, Map);
  assert.ok(Number.isNaN(back.m.get('a')![0]!));
  assert.is(back.s, 'x');
  assert.is(back.n, null);
  assert.not.ok(Number.isNaN(JSON.parse(JSON.stringify({ nan: NaN })).nan), 'plain JSON would have turned NaN into null');
});

test('every shipped scenario config crosses the wire and a thread boundary unchanged', () => {
  const files = [
    ...readdirSync('scenarios/examples').filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/examples/${f}`),
    'scenarios/paper/2020-8gpu-0.5s-1m.yaml', 'scenarios/paper/2019-1gpu-5.0s-10k.yaml',
  ];
  for (const f of files) {
    const { config } = loadScenario(f);
    assert.equal(fromWire(toWire(config)), config, f);
    assert.equal(structuredClone(config), config, f);
    assert.is(toWire(fromWire(toWire(config))), toWire(config), `${f}: the wire form is stable (job ids hash it)`);
  }
});

test.run();
