// sim/cli/terminalWidth.ts, the string width the bundled yargs lays out its help with, against the
// string-width it replaces (yargs' own copy, imported from where yargs installed it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import stringWidth from '../../sim/cli/terminalWidth.ts';

const require = createRequire(import.meta.url);
const yargsDir = path.dirname(require.resolve('yargs/package.json'));
const fromYargs = createRequire(path.join(yargsDir, 'package.json'));
const upstream = ((await import(pathToFileURL(fromYargs.resolve('string-width')).href)) as { default: (s: string) => number }).default;

test('the same widths as string-width for every message of every yargs locale', () => {
  const dir = path.join(yargsDir, 'locales');
  let n = 0;
  let wide = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const messages = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, string | Record<string, string>>;
    for (const m of Object.values(messages).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))) {
      assert.is(stringWidth(m), upstream(m), `${file}: ${m}`);
      if (stringWidth(m) > m.length) wide++;
      n++;
    }
  }
  assert.ok(n > 500, `${n} messages`);
  assert.ok(wide > 50, `${wide} messages with wide characters (CJK locales)`);
});

test('the same widths as string-width for ASCII, escapes, marks, wide forms and emoji', () => {
  const cases = [
    'kiosk-sim run <files..>',
    '',
    '\u001B[31mred\u001B[39m and \u001B[1mbold\u001B[22m',
    '\u001B]8;;https://example.org\u0007link\u001B]8;;\u0007',
    'tab\tand\u0007bell',
    'cafe\u0301 (a combining acute)',
    'Ünïcödé Ελληνικά кириллица',
    '日本語のテキスト',
    '한국어 텍스트',
    'ＦＵＬＬＷＩＤＴＨ ｈａｌｆ',
    '中文（简体）',
    'rocket 🚀 and face 😀',
    'zero\u200Bwidth\u200Dspace',
  ];
  for (const c of cases) assert.is(stringWidth(c), upstream(c), JSON.stringify(c));
});

test('emoji sequences take two columns; escapes count when asked to', () => {
  const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
  assert.is(upstream(family), 2);
  assert.is(stringWidth(family), 2);
  assert.is(stringWidth('\u001B[31m', { countAnsiEscapeCodes: true }), 4); // ESC (0) and "[31m"
});

test.run();
