/**
 * Starting a worker thread on a module next to the caller: the `.js` file once compiled, the `.ts`
 * file when kiosk-sim runs from source under tsx. Node 20 does not carry tsx's loader into a new
 * thread (neither `register()` nor `--import tsx` in execArgv reaches it), so from source the
 * thread first registers tsx through its API, resolved from this module (not from the working
 * directory, so kiosk-sim runs from anywhere), then imports the module.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = base.endsWith('.ts');
  const url = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, base);
  if (!fromSource) return new Worker(url, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
