import type { MetricEntry } from './metric.ts';

export const DOCS_BEGIN = '<!-- metrics table: written by `npm run schemas` from pipeline/score/metric-table.ts; do not edit -->';
export const DOCS_END = '<!-- end of metrics table -->';

/** docs/summary-keys.md's table of metrics, one row per table line in its order. */
export function renderMetricDocs(table: readonly MetricEntry[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const shown = (m: MetricEntry) => (m.leaderboard === false ? 'summary.json only' : `${m.doc.label}`);
  const better = { higher: 'higher', lower: 'lower', none: '–' } as const;
  return [
    DOCS_BEGIN,
    '| key | meaning | better | report and compare column |',
    '|---|---|---|---|',
    ...table.map((m) => `| \`${m.key}\` | ${cell(m.doc.meaning ?? m.doc.help)} | ${better[m.better]} | ${cell(shown(m))} |`),
    DOCS_END,
  ].join('\n');
}

/** `doc` with its metrics table replaced by `rendered`; undefined when the markers are missing. */
export function replaceMetricDocs(doc: string, rendered: string): string | undefined {
  const begin = doc.indexOf(DOCS_BEGIN);
  const end = doc.indexOf(DOCS_END);
  if (begin < 0 || end < begin) return undefined;
  return doc.slice(0, begin) + rendered + doc.slice(end + DOCS_END.length);
}
