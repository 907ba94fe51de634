import { aggregate, defineMetric } from './metric.ts';

/**
 * Every metric of summary.json, in its key order (report, compare and docs/summary-keys.md follow
 * it too). Adding a metric is one line here (its compute may live in its own file): summary.json
 * gains the key in every group, the report's leaderboard and `compare` a column, and
 * `npm run schemas` writes its row of docs/summary-keys.md (a test checks the docs match).
 */
export const METRIC_TABLE = [
  defineMetric({
    key: 'taskSuccess',
    compute: ({ score }) => score.taskSuccess,
    aggregate: aggregate.share,
    format: 'pct',
    better: 'higher',
    doc: { label: 'Task success', help: 'share of samples whose every task is solved' },
  }),
  defineMetric({
    key: 'subtaskSuccess',
    compute: ({ score }) => score.subtaskSuccess,
    aggregate: aggregate.meanShare,
    format: 'pct',
    better: 'higher',
    doc: {
      label: 'Sub-task success',
      help: 'share of tasks solved',
      meaning:
        'mean share of tasks solved per sample; a task is solved when every required gold call was matched by a call that completed successfully, no value was used before it was delivered (calls and answer), its answer matches, and every required write happened with no stray one',
    },
  }),
  defineMetric({
    key: 'stepF1',
    compute: ({ score }) => score.step.f1,
    aggregate: aggregate.meanShare,
    format: 'ratio',
    better: 'higher',
    doc: { label: 'Step F1', help: 'F1 of agent calls matched to gold calls', meaning: 'harmonic mean of step precision and recall' },
  }),
  defineMetric({
    key: 'stepPrecision',
    compute: ({ score }) => score.step.precision,
    aggregate: aggregate.meanShare,
    format: 'ratio',
    better: 'higher',
    doc: {
      label: 'Step precision',
      help: 'matched calls / all domain calls the agent made',
      meaning: 'matched calls (required and optional) / all domain calls the agent made (rejected and unknown-function calls included)',
    },
    leaderboard: false,
  }),
  defineMetric({
    key: 'stepRecall',
    compute: ({ score }) => score.step.recall,
    aggregate: aggregate.meanShare,
    format: 'ratio',
    better: 'higher',
    doc: { label: 'Step recall', help: 'matched required gold calls / required gold calls', meaning: 'matched required gold calls / required gold calls (calls expected to fail are optional)' },
    leaderboard: false,
  }),
  defineMetric({
    key: 'toolAccuracy',
    compute: ({ score }) => score.step.toolAccuracy,
    aggregate: aggregate.meanShare,
    format: 'ratio',
    better: 'higher',
    doc: {
      label: 'Tool accuracy',
      help: 'tool-selection accuracy',
      meaning: 'share of required gold calls for which the agent called the right tool (matched, attempted with the right arguments, or same tool with other arguments)',
    },
  }),
  defineMetric({
    key: 'argAccuracy',
    compute: ({ score }) => score.step.argAccuracy,
    aggregate: aggregate.meanShare,
    format: 'ratio',
    better: 'higher',
    doc: { label: 'Argument accuracy', help: 'argument accuracy of calls with the right tool', meaning: 'among those, the share with the right arguments' },
  }),
  defineMetric({
    key: 'efficiency',
    compute: ({ score }) => score.efficiency.efficiency,
    aggregate: aggregate.mean,
    format: 'ratio',
    better: 'higher',
    doc: {
      label: 'Efficiency',
      help: 'oracle makespan / makespan',
      meaning: '`oracleMakespan / makespan` when the sample is solved, 0 otherwise; never above 1 in async mode (the oracle is optimal)',
    },
  }),
  defineMetric({
    key: 'efficiencySolved',
    // Unsolved trials do not count: each sample over its solved trials, over the samples solved at least once.
    compute: ({ score }) => (score.taskSuccess ? score.efficiency.efficiency : undefined),
    aggregate: aggregate.mean,
    format: 'ratio',
    better: 'higher',
    doc: { label: 'Efficiency (solved)', help: 'efficiency over solved samples only', meaning: 'the same over solved samples only' },
  }),
  defineMetric({
    key: 'speedup',
    compute: ({ score }) => score.efficiency.speedup,
    aggregate: aggregate.mean,
    format: 'ratio',
    better: 'higher',
    doc: { label: 'Async speed-up', help: 'sequential makespan / makespan', meaning: '`sequentialMakespan / makespan` when the sample is solved, 0 otherwise' },
  }),
  defineMetric({
    key: 'makespan',
    compute: ({ score }) => score.efficiency.makespan,
    aggregate: aggregate.mean,
    format: 'sec',
    better: 'lower',
    doc: {
      label: 'Makespan',
      help: 'virtual seconds to the last answer',
      meaning: "virtual seconds until every task has its last answer and every matched gold call has completed (the episode's end when some task got none)",
    },
  }),
  defineMetric({
    key: 'idleRatio',
    compute: ({ score }) => score.efficiency.idleRatio,
    aggregate: aggregate.meanShare,
    format: 'pct',
    better: 'lower',
    doc: {
      label: 'Idle ratio',
      help: 'share of time waiting while a ready call was not issued',
      meaning: 'share of the makespan in which some required gold call had every input delivered and was not issued, whatever the agent did instead (waited, empty turns, other calls)',
    },
  }),
  defineMetric({
    key: 'meanInFlight',
    compute: ({ score }) => score.efficiency.meanInFlight,
    aggregate: aggregate.mean,
    format: 'num',
    better: 'none',
    doc: { label: 'Calls in flight', help: 'mean number of calls in flight', meaning: 'time-averaged number of calls in flight (issued, not completed) over the makespan' },
  }),
  defineMetric({
    key: 'taskSwitches',
    compute: ({ score }) => score.efficiency.taskSwitches,
    aggregate: aggregate.mean,
    format: 'num',
    better: 'none',
    doc: { label: 'Task switches', help: 'changes of task between consecutive calls', meaning: 'times consecutive calls belong to different tasks' },
  }),
  defineMetric({
    key: 'wastedCalls',
    compute: ({ score }) => score.efficiency.wastedCalls,
    aggregate: aggregate.mean,
    format: 'num',
    better: 'lower',
    doc: {
      label: 'Wasted calls',
      help: 'polling and duplicate calls per episode',
      meaning: 'exact repeats of matched calls plus rejected `wait` calls (nothing pending, unknown handle, a handle already delivered, second wait in a turn)',
    },
  }),
  defineMetric({
    key: 'wastedPolls',
    compute: ({ score }) => score.efficiency.wastedPolls ?? 0,
    aggregate: aggregate.mean,
    format: 'num',
    better: 'lower',
    doc: {
      label: 'Wasted polls',
      help: 'fetches (check, check_all, get_result) that returned nothing new, per episode',
      meaning: 'fetches (`check`, `check_all`, `get_result`) that returned nothing not fetched before; 0 in push mode ([protocols.md](protocols.md))',
    },
  }),
  defineMetric({
    key: 'thinkingTime',
    compute: ({ score }) => score.efficiency.thinkingTime ?? 0,
    aggregate: aggregate.mean,
    format: 'sec',
    better: 'lower',
    doc: {
      label: 'Thinking time',
      help: 'virtual seconds charged for completion tokens per episode (--turn-cost tokens)',
      meaning: 'virtual seconds charged per episode for completion tokens beyond the fixed turn cost (`--turn-cost tokens:R`); 0 otherwise',
    },
  }),
  defineMetric({
    key: 'turns',
    compute: ({ score }) => score.efficiency.turns,
    aggregate: aggregate.mean,
    format: 'num',
    better: 'lower',
    doc: { label: 'Turns', help: 'agent turns per episode', meaning: 'agent turns (one chat completion each)' },
  }),
  defineMetric({
    key: 'malformedPerEpisode',
    compute: ({ score }) => Object.values(score.malformed).reduce((a, b) => a + (b ?? 0), 0),
    aggregate: aggregate.mean,
    format: 'num',
    better: 'lower',
    doc: {
      label: 'Malformed',
      help: 'unusable parts of agent replies per episode (summary.json keeps the totals under malformed)',
      meaning: 'unusable parts of agent replies per episode: the sum of the `malformed` counts, as a mean over samples',
    },
  }),
];

/** A metric's key in summary.json. */
export type MetricKey = (typeof METRIC_TABLE)[number]['key'];
