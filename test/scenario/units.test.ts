import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatSeconds, parseQuantity, quantity, type UnitKind } from '../../sim/scenario/units.ts';

const cases: [unknown, UnitKind, number][] = [
  // bandwidth: bits, decimal prefixes, exact
  ['2.4Gbps', 'bandwidth', 2_400_000_000],
  ['240Mbps', 'bandwidth', 240_000_000],
  ['1kbps', 'bandwidth', 1000],
  ['100MB/s', 'bandwidth', 800_000_000],
  ['1MiB/s', 'bandwidth', 8 * 2 ** 20],
  ['10Gbit/s', 'bandwidth', 1e10],
  [1e9, 'bandwidth', 1e9],
  // sizes: decimal vs binary kept exact
  ['150MB', 'size', 150_000_000],
  ['1.5MB', 'size', 1_500_000],
  ['5.6kB', 'size', 5600],
  ['256Mi', 'size', 256 * 2 ** 20],
  ['128Mi', 'size', 134_217_728],
  ['3.5GiB', 'size', 3.5 * 2 ** 30],
  ['3.5Gi', 'size', 3_758_096_384],
  ['1KiB', 'size', 1024],
  ['11.010048MB', 'size', 11_010_048],
  ['1e3B', 'size', 1000],
  [1382400, 'size', 1_382_400],
  // durations
  ['20s', 'duration', 20],
  ['500ms', 'duration', 0.5],
  ['5m', 'duration', 300],
  ['300m', 'duration', 18_000],
  ['5.5h', 'duration', 19_800],
  ['0.1h', 'duration', 360],
  ['1d', 'duration', 86_400],
  ['1.5min', 'duration', 90],
  ['250us', 'duration', 0.00025],
  ['.5s', 'duration', 0.5],
  ['20', 'duration', 20],
  [0.5, 'duration', 0.5],
  // CPU: millicores
  ['300m', 'cpu', 0.3],
  ['200m', 'cpu', 0.2],
  [1, 'cpu', 1],
  ['1.5', 'cpu', 1.5],
  // rates
  ['10/s', 'rate', 10],
  ['600/min', 'rate', 10],
  ['36000/h', 'rate', 10],
  [8, 'rate', 8],
];

for (const [input, kind, expected] of cases) {
  test(`parseQuantity(${JSON.stringify(input)}, ${kind}) = ${expected}`, () => {
    const r = parseQuantity(input, kind);
    assert.ok(r.ok, r.ok ? '' : r.message);
    if (r.ok) assert.is(r.value, expected);
  });
}

test('scaling is exact where the naive floating-point product is not', () => {
  assert.is.not(4.35 * 3600, 15_660); // 15659.999999999998
  assert.is(quantity('4.35h', 'duration'), 15_660);
  assert.is.not(1.1 * 3600, 3960); // 3960.0000000000005
  assert.is(quantity('1.1h', 'duration'), 3960);
  assert.is(quantity('0.3Gbps', 'bandwidth'), 300_000_000);
});

test('negative values parse (bounds are checked by the schema, which names the field)', () => {
  assert.is(quantity('-1Gbps', 'bandwidth'), -1e9);
});

const errors: [unknown, UnitKind, RegExp][] = [
  ['2.4GB', 'bandwidth', /expected a bandwidth .*found "2\.4GB": "GB" is a unit of data size, not of bandwidth/],
  ['2.4GBps', 'bandwidth', /"GBps" is ambiguous; write bits as "Gbps" or bytes as "GB\/s"/],
  ['1.5Mb', 'size', /expected a data size .*"Mb" is bits; sizes are in bytes/],
  ['20 secs', 'duration', /expected a duration such as "20s".*found "20 secs"/],
  ['2GB', 'duration', /"GB" is a unit of data size, not of time/],
  ['5mb', 'size', /case-sensitive; did you mean "MB"/],
  ['fast', 'rate', /expected a rate such as 10, "10\/s"/],
  [true, 'duration', /expected a duration .*found true/],
  ['300', 'size', /^$/], // unit-less strings are the default unit (bytes): not an error
];

for (const [input, kind, pattern] of errors) {
  test(`parseQuantity(${JSON.stringify(input)}, ${kind}) ${pattern.source === '^$' ? 'is accepted' : 'fails with a message naming the unit kind'}`, () => {
    const r = parseQuantity(input, kind);
    if (pattern.source === '^$') {
      assert.ok(r.ok);
      return;
    }
    assert.not.ok(r.ok);
    if (!r.ok) assert.match(r.message, pattern);
  });
}

test('quantity() throws a RangeError with the message', () => {
  assert.throws(() => quantity('abc', 'duration'), (e: Error) => e instanceof RangeError && /expected a duration/.test(e.message));
});

test('formatSeconds picks a readable unit', () => {
  assert.is(formatSeconds(0.5), '0.5 s');
  assert.is(formatSeconds(0.02), '20 ms');
  assert.is(formatSeconds(300), '5 min');
  assert.is(formatSeconds(19800), '5.5 h');
});

test.run();
