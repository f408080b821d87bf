import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { redact } from '../../calibrate/redact.ts';

test('user:password@ and :password@ become ***@', () => {
  assert.is(redact('redis://:hunter2@10.0.0.5:6379/0'), 'redis://***@10.0.0.5:6379/0');
  assert.is(redact('rediss://default:p%40ss@host:6380'), 'rediss://***@host:6380');
  assert.is(redact('cannot reach http://kiosk:pw@host:8501/v1/models/m: timed out'), 'cannot reach http://***@host:8501/v1/models/m: timed out');
});

test('secret query parameters are masked, others kept', () => {
  assert.is(redact('redis://host:6379?password=abc&db=2'), 'redis://host:6379?password=***&db=2');
  assert.is(redact('http://h/x?model=a&token=t0k3n'), 'http://h/x?model=a&token=***');
});

test('text without credentials is unchanged, and masking twice changes nothing', () => {
  for (const s of ['redis://127.0.0.1:6379', 'kiosk-sim calibrate redis --match segmentation:*', 'user@example.org wrote']) assert.is(redact(s), s);
  const once = redact("--url 'redis://a:b@h:1?pass=x'");
  assert.is(redact(once), once);
  assert.is(once, "--url 'redis://***@h:1?pass=***'");
});

test.run();
