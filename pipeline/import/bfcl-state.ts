import type { Registry } from '../world/registry.ts';
import { initialStateFor } from '../world/execute.ts';
import type { State } from '../world/simulator.ts';
import { BFCL_CLASSES } from './bfcl.ts';

/** The state an imported BFCL class starts from: its `initial_config` laid over the toolkit default. */
export function bfclInitialState(registry: Registry, className: string, config: Record<string, unknown> | undefined): State {
  const toolkit = BFCL_CLASSES[className] ?? '';
  return initialStateFor(registry, toolkit, config);
}
