/** Runs `kiosk-sim run --quiet ...` inside the test process (no tsx start-up per call): stdout captured, errors thrown. */
import yargs from 'yargs';
import { runCommand } from '../../../sim/cli/run.ts';

export async function runInProcess(...args: string[]): Promise<{ stdout: string; error: Error | null }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (chunks.push(String(chunk)), true)) as typeof process.stdout.write;
  let error: Error | null = null;
  try {
    await yargs(['run', '--quiet', ...args]).command(runCommand).strict().fail(false).parseAsync();
  } catch (e) {
    error = e as Error;
  } finally {
    process.stdout.write = write;
  }
  return { stdout: chunks.join(''), error };
}
