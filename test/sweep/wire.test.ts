import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { fromWire, fromWireBuffer, toWire, toWireBuffer } from '../../sim/sweep/wire.ts';
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

test('the binary form keeps the same values, carries columns as raw bytes (offset views too) and refuses a cut buffer', () => {
  const big = new Float64Array(1000).map((_, i) => (i % 7 === 0 ? NaN : i * 0.1));
  const value = { nz: -0, inf: Infinity, col: big, view: new Float64Array(big.buffer, 80, 10), m: new Map([['k', new Int32Array([-1, 2])]]), s: 'x' };
  const buf = toWireBuffer(value);
  assert.ok(buf.byteLength < 8000 + 80 + 8 + 600, `raw bytes, no base64: ${buf.byteLength} bytes`);
  const back = fromWireBuffer<typeof value>(buf);
  assert.equal(toWire(back), toWire(value), 'the same values as the text form');
  assert.instance(back.col, Float64Array);
  assert.is(back.col.length, 1000);
  assert.is(back.view[0], big[10]);
  assert.instance(back.m.get('k'), Int32Array);
  assert.throws(() => fromWireBuffer(buf.subarray(0, buf.byteLength - 8)), /expected/);
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
