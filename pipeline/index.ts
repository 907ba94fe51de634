// The library entry (`import { scoreSample } from 'asynctool'`): what code outside the CLI needs to
// read datasets, run episodes with its own agent and score traces. Everything else is internal.
export { Sample, Pattern, SCHEMA_VERSION } from './schema/sample.ts';
export { Task, Call, Ref, AnswerMatch } from './schema/task.ts';
export { Trace, TraceCall, ToolOutcome, Mode, EndReason, type AcceptedCall, type RejectedCall, type InFlightCall, type OkCall, type FailedCall, type SettledCall } from './schema/trace.ts';
export { EpisodeScore, EpisodeRecord } from './schema/result.ts';
export { Toolkit, LatencyProfile } from './schema/toolkit.ts';
export { publishedSchemas, toJsonSchema } from './schema/index.ts';
export { loadRegistry, Registry } from './world/registry.ts';
export { readDataset, DEFAULT_DATASET } from './env/dataset.ts';
export { runEpisode, runEpisodeSync, type EpisodeOptions } from './env/engine.ts';
export type { Agent, AgentSession, AgentAction, Observation, ToolCallRequest, EpisodeContext, SyncAgent, SyncSession } from './agents/agent.ts';
export { createAgent } from './agents/registry.ts';
export { scoreSample } from './score/score-sample.ts';
