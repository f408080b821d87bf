import { test } from 'uvu';
import * as assert from 'uvu/assert';
import yargs from 'yargs';
import { skipHelpCache } from '../../sim/cli/helpCache.ts';

type Usage = { hasCachedHelpMessage(): boolean };
const usageOf = (cli: unknown) => (cli as { getInternalMethods(): { getUsageInstance(): Usage } }).getInternalMethods().getUsageInstance();

function cliWithCommand(ran: string[]) {
  return yargs(['go', '--n', '2']).command({
    command: 'go',
    describe: 'a command',
    builder: (y) => y.option('n', { type: 'number', describe: 'a number' }),
    handler: (a) => void ran.push(`n=${a.n}`),
  });
}

test('yargs caches a command help text when the command runs; skipHelpCache stops it (the installed yargs still has the hook)', async () => {
  const ran: string[] = [];
  const plain = cliWithCommand(ran);
  await plain.parseAsync();
  assert.ok(usageOf(plain).hasCachedHelpMessage(), 'the installed yargs renders the help at every command: the hook is worth keeping');
  const skipped = cliWithCommand(ran);
  skipHelpCache(skipped);
  await skipped.parseAsync();
  assert.not.ok(usageOf(skipped).hasCachedHelpMessage());
  assert.equal(ran, ['n=2', 'n=2']);
});

test('skipHelpCache leaves an object without the hook alone', () => {
  const o = {};
  skipHelpCache(o);
  assert.equal(o, {});
});

test.run();
