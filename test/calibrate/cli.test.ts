import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

test.run();
