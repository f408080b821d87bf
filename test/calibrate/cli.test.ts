import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { parseIntList, parseTiles, shellQuote } from '../../sim/cli/calibrate.ts';

test('--batch parses comma-separated positive integers', () => {
  assert.equal(parseIntList('1,2, 4,8', 'batch'), [1, 2, 4, 8]);
  assert.throws(() => parseIntList('1,0', 'batch'), /--batch expects/);
  assert.throws(() => parseIntList('two', 'batch'), /--batch expects/);
});

test('--tile parses square and HxW sizes', () => {
  assert.equal(parseTiles('256'), [[256, 256]]);
  assert.equal(parseTiles('256,1080x1280'), [[256, 256], [1080, 1280]]);
  assert.throws(() => parseTiles('256x'), /--tile expects/);
  assert.throws(() => parseTiles('0'), /--tile expects/);
});

test('recorded commands quote shell-special words', () => {
  assert.is(shellQuote('calibrate/profiles/x.json'), 'calibrate/profiles/x.json');
  assert.is(shellQuote('segmentation:*'), "'segmentation:*'");
  assert.is(shellQuote("V100 (Bob's)"), "'V100 (Bob'\\''s)'");
});


/** Runs the real command line (sim/cli/main.ts) in its own process. */
function kioskSim(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const root = path.resolve(import.meta.dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli/main.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('`calibrate redis` against a closed port: exit 2, "connection refused", password masked, no stack', async () => {
  const port = await closedPort();
  const r = await kioskSim(['calibrate', 'redis', '--url', `redis://:topsecret@127.0.0.1:${port}`]);
  assert.is(r.code, 2);
  assert.is(r.stderr.trim(), `kiosk-sim: cannot connect to Redis at redis://***@127.0.0.1:${port}: connection refused`);
  assert.is(r.stdout, '');
});

test('`calibrate serving` against a closed port: exit 2, "connection refused", password masked', async () => {
  const port = await closedPort();
  const r = await kioskSim(['calibrate', 'serving', '--url', `http://u:topsecret@127.0.0.1:${port}`, '--model', 'm', '--postprocess-images', '0']);
  assert.is(r.code, 2);
  assert.is(r.stderr.trim(), `kiosk-sim: cannot reach TF-Serving at http://***@127.0.0.1:${port}/v1/models/m: connection refused`);
});

test('--timeout must be positive seconds', async () => {
  const r = await kioskSim(['calibrate', 'serving', '--url', 'http://127.0.0.1:1', '--model', 'm', '--timeout', '0']);
  assert.is(r.code, 2);
  assert.match(r.stderr, '--timeout expects seconds > 0, got 0');
});

test.run();
