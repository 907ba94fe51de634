import type { Sample } from '../../pipeline/schema/sample.ts';
import type { Trace } from '../../pipeline/schema/trace.ts';

const clip = (value: unknown, max: number): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max)}…` : text;
};

/**
 * What a blind reader sees of a sample: the user message as the agent gets it, each task's gold path
 * and answer, and what the reference run's calls returned, so a reader can check that the answer
 * holds what the query asks and that nothing the query states is contradicted by the data.
 */
export function renderSample(index: number, sample: Sample, trace: Trace | undefined): string {
  const lines = [`##### [${index}] ${sample.id}`, 'USER MESSAGE (all tasks, as the agent sees them):'];
  for (const task of sample.tasks) lines.push(`  ${task.id}: ${task.query}`);
  for (const task of sample.tasks) {
    lines.push(`--- ${task.id} (toolkit ${task.toolkit})`);
    if (task.initialState !== undefined) lines.push(`  initial state: ${clip(task.initialState, 1500)}`);
    for (const call of task.calls) lines.push(`  gold call ${call.id}: ${call.tool}(${JSON.stringify(call.args)})${call.expectError ? '  [expected to fail]' : ''}`);
    const given = trace?.answers?.find((a) => a.taskId === task.id)?.answer;
    lines.push(`  gold answer: ${JSON.stringify(task.answer)}  => value given by the reference run: ${clip(given, 600)}`);
  }
  if (trace !== undefined) {
    lines.push('  reference run, call results (in completion order):');
    for (const call of trace.calls) {
      const outcome = call.status === 'ok' ? clip(call.result, 400) : `${call.status}: ${clip('error' in call ? call.error : call.result, 300)}`;
      lines.push(`    ${call.gold ?? ''} ${call.tool}(${clip(call.args, 200)}) -> ${outcome}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
