/**
 * Masking credentials in anything calibrate prints or stores. A Redis or TF-Serving URL may carry a
 * password (redis://:secret@host, http://user:secret@host, ...?password=secret); error messages,
 * progress lines and the profile JSON (description, command, notes) must never contain it, because
 * profiles are committed and error output is pasted into issues.
 */

/** `scheme://userinfo@` -> `scheme://***@` (the user name may itself be sensitive, so it goes too). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;

/** Query parameters that carry a secret: `?password=x`, `&auth=x`, ... -> `?password=***`. */
const SECRET_PARAM = /([?&](?:password|pass|passwd|pwd|auth|token|secret|access_token|api_key|apikey)=)[^&#\s'"]*/gi;

/** The text with every URL credential masked; anything else is left as it is. */
export function redact(text: string): string {
  return text.replace(USERINFO, '$1***@').replace(SECRET_PARAM, '$1***');
}
