/**
 * Short excerpts of user text for error messages. A message quotes what it found, but a file can hold
 * anything (a 1 MB line, or /proc/self/environ with its secrets), so a quote is cut to a few dozen
 * characters and control characters are escaped.
 */

/** At most this many characters of found text appear in a message. */
export const EXCERPT_CHARS = 40;

/** `text` as a JSON string literal, cut to EXCERPT_CHARS characters with "..." and the full length. */
export function quoteExcerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, max))}... (${text.length} characters)`;
}

/** A message from a library, cut to one line of at most `max` characters. */
export function shortMessage(message: string, max = 160): string {
  const first = message.split('\n')[0] ?? '';
  return first.length <= max ? first : `${first.slice(0, max)}...`;
}
