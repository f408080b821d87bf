/**
 * TensorFlow.js backends for calibration: wasm (default), cpu, and tfjs-node / tfjs-node-gpu when the
 * user has installed them. The native ones are loaded with a dynamic import and are never a dependency
 * (they download libtensorflow when installed).
 */
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { UserError } from '../../sim/cli/errors.ts';

export const BACKEND_NAMES = ['tfjs-wasm', 'tfjs-cpu', 'tfjs-node', 'tfjs-node-gpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export const isBackendName = (s: string): s is BackendName => (BACKEND_NAMES as readonly string[]).includes(s);

export interface ActiveBackend {
  name: BackendName;
  /** TF.js's own backend name after activation ("wasm", "cpu", "tensorflow"). */
  tfName: string;
  /** A one-line description of what computes, for the profile's hardware field. */
  device: string;
  /** Threads the backend computes on. */
  threads: number;
}

const NATIVE_PACKAGES: Partial<Record<BackendName, string>> = {
  'tfjs-node': '@tensorflow/tfjs-node',
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
};

export function missingNativeBackendMessage(name: BackendName): string {
  const pkg = NATIVE_PACKAGES[name]!;
  const gpu = name === 'tfjs-node-gpu'
    ? ' It needs an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1 installed;'
    : '';
  return `backend ${name} is not installed. Install it with \`npm install ${pkg}\`.${gpu} its install step downloads ` +
    `libtensorflow (a few hundred MB), so it is not a dependency of kiosk-sim. Or use --backend tfjs-wasm (default) or tfjs-cpu.`;
}

export function cpuModel(): string {
  const cpus = os.cpus();
  return cpus[0]?.model.trim() || `${os.arch()} CPU`;
}

async function importNative(name: BackendName): Promise<void> {
  const specifier = NATIVE_PACKAGES[name]!;
  try {
    await import(/* @vite-ignore */ specifier);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new UserError(missingNativeBackendMessage(name));
    throw new UserError(`backend ${name} is installed but failed to load: ${(e as Error).message}`);
  }
}

/** Activates a backend for all following TF.js work in this process. */
export async function useBackend(name: BackendName): Promise<ActiveBackend> {
  let tfName: string;
  if (name === 'tfjs-wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    tfName = 'wasm';
  } else if (name === 'tfjs-cpu') {
    tfName = 'cpu';
  } else {
    await importNative(name);
    tfName = 'tensorflow';
  }
  if (!(await tf.setBackend(tfName))) throw new UserError(`TF.js could not initialise backend ${name}`);
  await tf.ready();
  const cpu = cpuModel();
  const gpu = name === 'tfjs-node-gpu';
  return {
    name,
    tfName,
    device: gpu ? `GPU via tfjs-node-gpu (host CPU ${cpu})` : cpu,
    // The wasm backend in Node runs single-threaded (no SharedArrayBuffer workers); tfjs-cpu is plain JS.
    threads: name === 'tfjs-wasm' || name === 'tfjs-cpu' ? 1 : os.cpus().length,
  };
}
