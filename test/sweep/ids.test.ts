import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildId } from '../../sim/sweep/build.ts';
import { runJobId } from '../../sim/sweep/jobId.ts';
import { maskRedisUrl } from '../../sim/sweep/redis/connection.ts';
import { queueName } from '../../sim/sweep/redis/names.ts';
import { formatDuration, progressLine } from '../../sim/sweep/progress.ts';

test('job ids are deterministic and change with the config, seed, detail and build', () => {
  const id = runJobId('{"a":1}', 5, 'summary', 'b1');
  assert.is(runJobId('{"a":1}', 5, 'summary', 'b1'), id);
  for (const other of [runJobId('{"a":2}', 5, 'summary', 'b1'), runJobId('{"a":1}', 6, 'summary', 'b1'), runJobId('{"a":1}', 5, 'full', 'b1'), runJobId('{"a":1}', 5, 'summary', 'b2')]) assert.is.not(other, id);
  assert.match(id, /^run-[0-9a-f]{32}$/);
});

test('the build id is the package version plus a source hash; a tag makes it another build', () => {
  const b = buildId();
  assert.match(b.id, /^\d+\.\d+\.\d+[^+]*\+[0-9a-f]{16}$/);
  process.env.KIOSK_SIM_BUILD_TAG = 'other';
  try {
    const t = buildId();
    assert.is(t.id, `${b.id}.other`);
    assert.is.not(queueName(t), queueName(b));
  } finally {
    delete process.env.KIOSK_SIM_BUILD_TAG;
  }
  assert.is(buildId().id, b.id);
});

test('a password in a Redis URL is never shown', () => {
  assert.is(maskRedisUrl('redis://user:s3cret@host:6379/0'), 'redis://user:***@host:6379/0');
  assert.is(maskRedisUrl('redis://:s3cret@host:6379'), 'redis://:***@host:6379');
  assert.is(maskRedisUrl('rediss://s3cret@host'), 'rediss://***@host');
  assert.is(maskRedisUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
  assert.not.match(maskRedisUrl('not a url s3cret@x'), /s3cret/);
});

test('progress lines: runs done of total, percent, ETA from the fraction done', () => {
  assert.is(progressLine(3, 12, 0.25, 30), 'runs 3/12 done, 25%, elapsed 30s, ETA 1m 30s');
  assert.is(progressLine(12, 12, 1, 60), 'runs 12/12 done, 100%, elapsed 1m 0s, ETA 0s');
  assert.is(progressLine(0, 12, 0, 1), 'runs 0/12 done, 0%, elapsed 1s, ETA ?');
  assert.is(formatDuration(7300), '2h 2m');
});

test.run();
