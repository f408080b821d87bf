import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUserError } from '../../sim/cli/errors.ts';
import { loadScenario } from '../../sim/scenario/load.ts';

// Random --set mutations of every setting of the quick example: a scenario either loads or fails with
// one UserError that names the override and the setting, never another exception or a stack trace.
// (Running each mutated scenario as well found settings that hung a run: see the period floors.)
const here = path.dirname(fileURLToPath(import.meta.url));
const quick = path.relative(process.cwd(), path.join(here, '..', '..', 'scenarios', 'examples', 'quick.yaml'));

const VALUES = ['-1', '0', '1', '2.5', '1e308', '1e-300', 'abc', '"5 parsecs"', 'null', '', '[]', '{}', 'true', '-3s', '0s', '1e-12s',
  '.nan', '.inf', '-.inf', '0Mbps', '1bps', '1ms', '100000h', '1e9', '0.5', '{kind: constant, value: 0}', '{kind: exponential, mean: 0s}',
  '{kind: uniform, min: 5s, max: 1s}', '{kind: gamma, shape: 2}', '[1, 2]', '99999999999', 'profile', '{kind: lognormal, mean: 1s, cv: -1}'];

function leafPaths(o: unknown, prefix: string, out: string[]): string[] {
  if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) leafPaths(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.push(prefix);
  }
  return out;
}

test('every setting x adversarial values: loads, or one located UserError without a stack trace', () => {
  const leaves = leafPaths(loadScenario(quick, []).resolved, '', []);
  assert.ok(leaves.length > 150, `${leaves.length} settings`);
  let s = 20261129;
  const pick = (n: number) => ((s ^= s << 13, s ^= s >>> 17, s ^= s << 5) >>> 0) % n;
  let loaded = 0;
  let refused = 0;
  for (let i = 0; i < 600; i++) {
    const set = `${leaves[pick(leaves.length)]}=${VALUES[pick(VALUES.length)]}`;
    try {
      loadScenario(quick, [set]);
      loaded++;
    } catch (e) {
      if (!isUserError(e)) assert.unreachable(`--set ${set}: ${(e as Error).stack}`);
      const m = (e as Error).message;
      assert.not.match(m, /\n\s+at /, `--set ${set}: stack trace in "${m}"`);
      assert.ok(m.includes(`--set ${set}`) || m.includes(quick), `--set ${set}: message does not locate it: ${m}`);
      assert.ok(m.split('\n').length <= 3, `--set ${set}: one message, got ${m}`);
      refused++;
    }
  }
  assert.ok(loaded > 50 && refused > 300, `loaded ${loaded}, refused ${refused}`);
});

test.run();
