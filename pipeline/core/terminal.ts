/**
 * Makes untrusted text (file contents, model output) safe to print on a terminal: control
 * characters such as ESC and BEL could otherwise retitle or rewrite the user's terminal.
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
