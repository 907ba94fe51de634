/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` become \u escapes so no
 * string can close the block or open a comment, and U+2028/2029 are escaped for old parsers.
 * JSON.parse of the block's textContent gives back exactly the value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
