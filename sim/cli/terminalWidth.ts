/**
 * Terminal columns a string takes, for yargs' help layout: the bundled yargs (dist/vendor/yargs.js,
 * sim/bundleDeps.mjs) calls this where it and cliui import string-width.
 *
 * Why not string-width itself: its emoji patterns (`/^\p{RGI_Emoji}$/v` in 8.x, emoji-regex in 7.x) are
 * checked by V8 when the file is parsed, even unused, and ICU then builds a set of ~2,760 emoji sequences:
 * ~470 M instructions at every start of the CLI (~45% of `kiosk-sim --version`; docs/speed-history.md,
 * session 13). Our help text is ASCII, and yargs' locales add CJK text; both come out the same here.
 *
 * Rules, per grapheme cluster once ANSI escape sequences are removed (the ones string-width documents): a
 * cluster with nothing visible (controls, format characters, combining and enclosing marks) takes 0
 * columns; an emoji (an RGI emoji sequence, a ZWJ sequence of two or more pictographs, a keycap) takes 2;
 * any other takes the East Asian width of its first visible code point (2 for the Wide and Fullwidth
 * blocks and emoji shown as emoji by default, else 1) plus that of each trailing spacing mark or
 * half/fullwidth form. Printable ASCII (all of our own help) takes one column a character, without a
 * segmenter. Left out: string-width's collapse of decomposed Hangul jamo syllables (yargs' Korean
 * messages use precomposed syllables).
 */

/** CSI sequences (colours, cursor moves) and OSC sequences (hyperlinks), ended by BEL or ST. */
const ANSI_ESCAPE = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;
/** A visible (printing) code point: not ignorable, control, format, nonspacing or enclosing mark, surrogate. */
const VISIBLE = /[^\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Nonspacing_Mark}\p{Enclosing_Mark}\p{Surrogate}]/u;
const TRAILING_WIDTH = /[\p{Spacing_Mark}\uFF00-\uFFEF]/u;
const MAYBE_EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/gu;
const KEYCAP = /^[\d#*]\uFE0F?\u20E3$/;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
/** [first, last] code points of the East Asian Wide (W) and Fullwidth (F) blocks, ascending. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo leading consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed and compatibility
  [0x3400, 0x4dbf], // CJK Unified Ideographs Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xa000, 0xa4cf], // Yi syllables and radicals
  [0xa960, 0xa97f], // Hangul Jamo Extended-A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x1f300, 0x1f64f], // pictographs, emoticons
  [0x1f900, 0x1f9ff], // supplemental symbols and pictographs
  [0x20000, 0x2fffd], // CJK Unified Ideographs Extensions B-F, compatibility supplement
  [0x30000, 0x3fffd], // CJK Unified Ideographs Extension G and later
];

function isWide(cp: number): boolean {
  for (const [first, last] of WIDE) {
    if (cp < first) return false;
    if (cp <= last) return true;
  }
  return false;
}

/** East Asian width of one code point (`ch`: the character, for the property test). */
function eastAsianWidth(cp: number, ch: string): number {
  return isWide(cp) || EMOJI_PRESENTATION.test(ch) ? 2 : 1;
}

// made at the first text that needs them (a segmenter costs ~90 M instructions, the RGI set ~185 M)
let segmenter: Intl.Segmenter | null = null;
let rgiEmoji: RegExp | null = null;

function isEmoji(cluster: string): boolean {
  if (!MAYBE_EMOJI.test(cluster)) return false;
  if (KEYCAP.test(cluster)) return true;
  if (cluster.length <= 50 && cluster.includes('\u200D') && (cluster.match(PICTOGRAPH)?.length ?? 0) >= 2) return true;
  rgiEmoji ??= new RegExp('^\\p{RGI_Emoji}$', 'v');
  return rgiEmoji.test(cluster);
}

function clusterWidth(cluster: string): number {
  if (!VISIBLE.test(cluster)) return 0;
  if (isEmoji(cluster)) return 2;
  let width = 0;
  let base = true;
  for (const ch of cluster) {
    if (base) {
      if (!VISIBLE.test(ch)) continue;
      width = eastAsianWidth(ch.codePointAt(0)!, ch);
      base = false;
    } else if (TRAILING_WIDTH.test(ch)) {
      width += eastAsianWidth(ch.codePointAt(0)!, ch);
    }
  }
  return width;
}

export default function stringWidth(text: string, options: { countAnsiEscapeCodes?: boolean } = {}): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const s = options.countAnsiEscapeCodes === true ? text : text.replace(ANSI_ESCAPE, '');
  if (PRINTABLE_ASCII.test(s)) return s.length;
  segmenter ??= new Intl.Segmenter();
  let width = 0;
  for (const { segment } of segmenter.segment(s)) width += clusterWidth(segment);
  return width;
}
