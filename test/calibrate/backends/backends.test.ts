import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { isBackendName, missingNativeBackendMessage, useBackend } from '../../../calibrate/backends/index.ts';

const installed = (pkg: string) => {
  try { createRequire(import.meta.url).resolve(pkg); return true; } catch { return false; }
};

test('backend names', () => {
  assert.ok(isBackendName('tfjs-wasm') && isBackendName('tfjs-node-gpu'));
  assert.not.ok(isBackendName('webgl'));
});

test('the install message says what to install and what it needs', () => {
  const m = missingNativeBackendMessage('tfjs-node-gpu');
  assert.match(m, 'npm install @tensorflow/tfjs-node-gpu');
  assert.match(m, /CUDA/);
  assert.match(m, /downloads/);
});

for (const [name, pkg] of [['tfjs-node', '@tensorflow/tfjs-node'], ['tfjs-node-gpu', '@tensorflow/tfjs-node-gpu']] as const) {
  test(`${name}: loads when ${pkg} is installed, else a clear user error telling how to install it`, async () => {
    const present = installed(pkg);
    try {
      const b = await useBackend(name);
      assert.ok(present, `${name} activated although ${pkg} is not installed`);
      assert.is(b.tfName, 'tensorflow');
    } catch (e) {
      assert.is((e as Error).name, 'UserError', String(e));
      assert.match((e as Error).message, present ? 'failed to load' : `npm install ${pkg}`);
    }
  });
}

test('tfjs-wasm and tfjs-cpu activate', async () => {
  assert.is((await useBackend('tfjs-cpu')).tfName, 'cpu');
  const wasm = await useBackend('tfjs-wasm');
  assert.is(wasm.tfName, 'wasm');
  assert.is(wasm.threads, 1);
});

test.run();
