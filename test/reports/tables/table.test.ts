import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fmt, toCsv, toHtml, toMarkdown } from '../../../reports/tables/table.ts';

const t = { title: 'T', columns: ['a|b', 'n'], rows: [['x, "y"', 1234.5678], ['<z>', NaN]] as (string | number)[][] };

test('fmt: thousands separators, fewer decimals for large values, a dash for missing', () => {
  assert.is(fmt(1234.5678), '1,235');
  assert.is(fmt(12.3456), '12.35');
  assert.is(fmt(123.456), '123.5');
  assert.is(fmt(NaN), '–');
  assert.is(fmt(undefined), '–');
});

test('Markdown escapes pipes; CSV keeps full precision and quotes commas and quotes', () => {
  const md = toMarkdown(t);
  assert.ok(md.includes('| a\\|b | n |'));
  assert.ok(md.includes('| x, "y" | 1,235 |'));
  const csv = toCsv(t).split('\n');
  assert.is(csv[1], '"x, ""y""",1234.5678');
  assert.is(csv[2], '<z>,');
});

test('HTML escapes cells and right-aligns numbers', () => {
  const html = toHtml(t);
  assert.ok(html.includes('<td>&lt;z&gt;</td>'));
  assert.ok(html.includes('<td class="num">1,235</td>'));
});

test.run();
