// The public toolkit API (`import { defineSimulator } from 'asynctool/toolkit'`): everything a
// simulator may use from the project. Toolkits import this module only (tests/toolkits/api-boundary.test.ts
// fails otherwise), so the pipeline's internals can move without breaking a toolkit, built-in or plugin.

// The simulator's shape, its context (ctx.id, ctx.fail) and the generated-arguments contract.
export { defineSimulator, type SimArgs, type SimContext, type SimFunction, type SimFunctions, type Simulator, type State } from './world/simulator.ts';
// An ordinary tool error (what ctx.fail throws): the agent sees the message and the state is kept.
export { ToolError } from './core/errors.ts';
// Seeded generators: a simulator never calls Math.random().
export { rngFor, rngFromInts, type Rng } from './core/rng.ts';
// Python's `random.Random` on a seed, for toolkits that must draw the ids BFCL draws.
export { PythonRandom } from './world/python-random.ts';
// Canonical hashing: equal values give equal hashes whatever their key order.
export { canonicalJson, hashValue, sha256 } from './core/canonical.ts';
