/**
 * The live harness's "kubelet": starts each kiosk component as a child process, notices when one
 * dies that should not have (a crash is reported with the end of its stderr, never waited on),
 * kills what it is told to kill (fault injection), and kills every child when the harness ends:
 * on normal exit, on an error, and on SIGINT / SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../scenario/repoRoot.ts';

// the TypeScript entries, run through tsx, also when this module runs compiled from dist/
export const LIVE_DIR = path.join(REPO_ROOT, 'sim', 'live');

export class ChildCrashed extends Error {
  constructor(readonly child: string, code: number | null, signal: string | null, stderrTail: string) {
    super(`${child} exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})${stderrTail ? `: ${stderrTail.trim().split('\n').slice(-6).join('\n')}` : ''}`);
  }
}

interface Child {
  name: string;
  proc: ChildProcess;
  expectedExit: boolean;
  stderr: string;
  exited: Promise<void>;
}

const everyChild = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** A temp dir to remove even when the harness is interrupted (SIGINT skips the runs' finally blocks). */
export function removeOnExit(dir: string): () => void {
  tempDirs.add(dir);
  return () => tempDirs.delete(dir);
}
let hooksInstalled = false;
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => { for (const c of everyChild) c.kill('SIGKILL'); });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const c of everyChild) c.kill('SIGKILL');
      for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
      process.stderr.write(`kiosk-sim live: ${sig}: stopped every live process\n`);
      process.exit(130);
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export class Supervisor {
  private readonly children = new Map<string, Child>();
  private rejectCrash: (e: Error) => void = () => {};
  /** Rejects with ChildCrashed as soon as a child dies that was not killed on purpose. */
  readonly crashed: Promise<never>;

  constructor() {
    installExitHooks();
    this.crashed = new Promise<never>((_, reject) => { this.rejectCrash = reject; });
    this.crashed.catch(() => {}); // observed by whoever races it
  }

  /** Starts `command args` (a binary) or a TypeScript entry point of sim/live (run through tsx). */
  start(name: string, entry: { ts: string; args: string[] } | { bin: string; args: string[] }, onLine?: (line: string) => void): ChildProcess {
    if (this.children.has(name)) throw new Error(`a live process named ${name} is already running`);
    const [cmd, args] = 'ts' in entry
      ? [process.execPath, ['--import', 'tsx', path.join(LIVE_DIR, entry.ts), ...entry.args]]
      : [entry.bin, entry.args];
    const proc = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', onLine ? 'pipe' : 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    everyChild.add(proc);
    const child: Child = { name, proc, expectedExit: false, stderr: '', exited: Promise.resolve() };
    proc.stderr!.on('data', (d: Buffer) => { child.stderr = (child.stderr + d.toString('utf8')).slice(-4000); });
    if (onLine) {
      let buf = '';
      proc.stdout!.on('data', (d: Buffer) => {
        buf += d.toString('utf8');
        for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
    }
    child.exited = new Promise<void>((resolve) => {
      proc.once('exit', (code, signal) => {
        everyChild.delete(proc);
        this.children.delete(name);
        if (!child.expectedExit) this.rejectCrash(new ChildCrashed(name, code, signal, child.stderr));
        resolve();
      });
      proc.once('error', (e) => {
        everyChild.delete(proc);
        this.children.delete(name);
        this.rejectCrash(new Error(`${name} could not start: ${e.message}`));
        resolve();
      });
    });
    this.children.set(name, child);
    return proc;
  }

  isRunning(name: string): boolean {
    return this.children.has(name);
  }

  /** Kills one child on purpose (a fault, or the end of the run) and waits for it to be gone. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const c = this.children.get(name);
    if (!c) return;
    c.expectedExit = true;
    c.proc.kill(signal);
    await c.exited;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.children.keys()].map((n) => this.kill(n)));
  }
}

/** Resolves once `check` does, polling every `everyMs`; rejects after `timeoutS` or when `abort` rejects. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutS: number, abort: Promise<never>, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutS * 1000;
  const poll = async (): Promise<T> => {
    for (;;) {
      const v = await check().catch(() => null);
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutS} s waiting for ${what}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  return Promise.race([poll(), abort]);
}
