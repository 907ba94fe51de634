import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jsonForScript } from './embed.ts';
import type { ReportData } from './model.ts';

/** Client script files, concatenated in this order inside one function scope. */
const SCRIPTS = ['dom.js', 'charts.js', 'timeline.js', 'conversation.js', 'episodes.js', 'main.js'];

interface Assets {
  script: string;
  style: string;
  /** base64 sha256 of the script, for the content security policy. */
  scriptHash: string;
}

let assetCache: Assets | undefined;

function assets(): Assets {
  if (assetCache) return assetCache;
  const read = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  const script = `(function () {\n'use strict';\n${SCRIPTS.map(read).join('\n')}\n})();\n`;
  const style = read('style.css');
  for (const [name, text] of [
    ['script', script],
    ['style', style],
  ] as const) {
    if (/<\/(script|style)/i.test(text)) throw new Error(`report ${name} asset contains a closing tag and cannot be inlined`);
  }
  assetCache = { script, style, scriptHash: createHash('sha256').update(script).digest('base64') };
  return assetCache;
}

/**
 * One self-contained page: styles, script and data inline, nothing fetched at view time. The
 * data goes in as escaped JSON only; the page never holds data as markup. The content security
 * policy allows just this script (by hash), so even an injected inline handler could not run.
 */
export function renderHtml(data: ReportData): string {
  const { script, style, scriptHash } = assets();
  const csp = `default-src 'none'; script-src 'sha256-${scriptHash}'; style-src 'unsafe-inline'; img-src data:`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>AsyncTool report</title>',
    '<link rel="icon" href="data:,">',
    `<style>\n${style}</style>`,
    '</head>',
    '<body>',
    '<div id="app"><p>Loading the report…</p></div>',
    `<script type="application/json" id="report-data">${jsonForScript(data)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
