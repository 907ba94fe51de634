import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { z } from 'zod';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ToolkitError } from '../core/errors.ts';
import { Toolkit, type FunctionDef } from '../schema/toolkit.ts';
import { LanguageLayer } from '../schema/language.ts';
import type { Simulator } from './simulator.ts';
import { formatZodIssues } from '../schema/issues.ts';
import { checkPluginSeeds, seedsDirOf } from './plugin-check.ts';
import { rootPath } from '../core/package-root.ts';
import { importModule } from '../core/load-module.ts';
import { parseYamlText } from '../core/parsed-yaml.ts';
import { sandboxSimulator } from './sandbox.ts';

export interface LoadedToolkit {
  def: Toolkit;
  sim: Simulator;
  /** The toolkit's language layer (`language.yaml`): nouns and semantic types of the results other tasks may use. */
  language: LanguageLayer;
  /** The folder the toolkit was loaded from (plugins and built-ins alike). */
  dir: string;
}

export interface FunctionEntry {
  toolkit: string;
  def: FunctionDef;
}

export const BUILTIN_TOOLKITS_DIR = rootPath('toolkits');
const isBuiltIn = (dir: string): boolean => resolve(dir).startsWith(BUILTIN_TOOLKITS_DIR + sep);

/** Every toolkit and function the current command can use; function names are unique across toolkits. */
export class Registry {
  readonly toolkits = new Map<string, LoadedToolkit>();
  readonly functions = new Map<string, FunctionEntry>();
  // Strict: a keyword ajv does not know (a YAML description split at an unquoted comma turns its
  // tail into a stray key such as `"in gallons.": null`) fails the load instead of being ignored.
  // Made on first use: its meta-schemas compile when it is made, which a command that checks no arguments need not pay.
  private ajv?: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  /** `extraDirs`: the plugin folders loaded beside the built-ins, so a worker can load the same. */
  constructor(readonly extraDirs: readonly string[] = []) {}

  add(tk: LoadedToolkit): void {
    const name = tk.def.name;
    const file = join(tk.dir, 'toolkit.yaml');
    if (this.toolkits.has(name)) {
      throw new ToolkitError(`toolkit "${name}" is already loaded from ${this.toolkits.get(name)!.dir}; rename one of them.`, { file, path: 'name' });
    }
    tk.def.functions.forEach((fn, i) => {
      const clash = this.functions.get(fn.name);
      if (clash) {
        throw new ToolkitError(`function "${fn.name}" is already defined by toolkit "${clash.toolkit}"; function names must be unique across toolkits.`, { file, path: `functions[${i}].name` });
      }
    });
    this.toolkits.set(name, tk);
    for (const def of tk.def.functions) this.functions.set(def.name, { toolkit: name, def });
    // A plugin's schemas compile at load, so its author hears of a stray key at once. The built-ins'
    // compile on first use: a command that calls a few functions (a fixture build, a validate
    // worker) does not pay about 0.3 s CPU for the ~150 others. The tests compile every one of them.
    if (isBuiltIn(tk.dir)) return;
    try {
      for (const fn of tk.def.functions) this.validator(fn.name);
    } catch (err) {
      this.toolkits.delete(name);
      for (const fn of tk.def.functions) this.functions.delete(fn.name);
      throw err;
    }
  }

  /** The compiled parameter schema of a function, compiled once; a ToolkitError naming file and function when it does not compile. */
  private validator(fnName: string): ValidateFunction {
    let validate = this.validators.get(fnName);
    if (validate) return validate;
    const entry = this.functions.get(fnName)!;
    const tk = this.toolkits.get(entry.toolkit)!;
    try {
      this.ajv ??= new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
      validate = this.ajv.compile(entry.def.parameters);
    } catch (err) {
      throw new ToolkitError(`the parameter schema of "${fnName}" does not compile: ${(err as Error).message}; quote a description that holds a comma or colon.`, {
        file: join(tk.dir, 'toolkit.yaml'),
        path: `functions[${tk.def.functions.indexOf(entry.def)}].parameters`,
      });
    }
    this.validators.set(fnName, validate);
    return validate;
  }

  toolkit(name: string): LoadedToolkit | undefined {
    return this.toolkits.get(name);
  }

  fn(name: string): FunctionEntry | undefined {
    return this.functions.get(name);
  }

  /** Schema errors of a call's arguments, as readable sentences; empty when valid. */
  argumentErrors(fnName: string, args: unknown): string[] {
    const entry = this.functions.get(fnName);
    if (!entry) return [`unknown function ${fnName}`];
    const validate = this.validator(fnName);
    if (validate(args)) return [];
    return (validate.errors ?? []).map((e) => {
      const at = e.instancePath ? `argument ${e.instancePath.slice(1).replace(/\//g, '.')}` : 'arguments';
      if (e.keyword === 'additionalProperties') return `${at}: unknown parameter "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      if (e.keyword === 'required') return `${at}: missing required parameter "${(e.params as { missingProperty: string }).missingProperty}"`;
      return `${at} ${e.message}`;
    });
  }
}

/** A YAML file of a toolkit folder, parsed and checked against its schema; a ToolkitError naming the file otherwise. */
export function readDefinition<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = parseYamlText(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ToolkitError(`is not valid YAML: ${(err as Error).message.split('\n')[0]}`, { file });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ToolkitError(formatZodIssues(parsed.error.issues), { file });
  return parsed.data;
}

/** Reads and checks one toolkit folder: `toolkit.yaml` plus `simulator.ts` (or `.js`/`.mjs`). */
export async function loadToolkitDir(dir: string): Promise<LoadedToolkit> {
  const file = join(dir, 'toolkit.yaml');
  if (!existsSync(file)) throw new ToolkitError('a toolkit folder needs a toolkit.yaml definition.', { file });
  const def = readDefinition(file, Toolkit);

  const simFile = ['simulator.ts', 'simulator.js', 'simulator.mjs'].map((f) => join(dir, f)).find(existsSync);
  if (!simFile) throw new ToolkitError('no simulator module beside the definition (simulator.ts, .js or .mjs).', { file: dir });
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(simFile);
  } catch (err) {
    throw new ToolkitError(`the simulator module failed to load: ${(err as Error).message.split('\n')[0]}`, { file: simFile });
  }
  const sim = (mod.simulator ?? mod.default) as Simulator | undefined;
  if (!sim || typeof sim !== 'object' || typeof sim.functions !== 'object') {
    throw new ToolkitError('the simulator module must export `simulator` (or a default export) made with defineSimulator(toolkit, functions).', { file: simFile });
  }
  def.functions.forEach((fn, i) => {
    if (typeof sim.functions[fn.name] !== 'function') {
      throw new ToolkitError(`function "${fn.name}" is defined in toolkit.yaml but the simulator has no implementation for it.`, { file: simFile, path: `functions[${i}]` });
    }
  });
  for (const name of Object.keys(sim.functions)) {
    if (!def.functions.some((f) => f.name === name)) {
      throw new ToolkitError(`the simulator implements "${name}", which toolkit.yaml does not define; add it to functions or remove it.`, { file: simFile });
    }
  }
  // Built-in simulators are ours and run in-process; a plugin's run in a worker thread with a deadline and a memory limit.
  return { def, sim: isBuiltIn(dir) ? sim : sandboxSimulator(sim, simFile, def.name), dir, language: loadLanguage(dir, def) };
}

/**
 * Reads `language.yaml` (optional: a toolkit without one offers no result to other tasks). Every key
 * must name a function of the toolkit, so a renamed function cannot leave a stale noun behind.
 */
function loadLanguage(dir: string, def: Toolkit): LanguageLayer {
  const file = join(dir, 'language.yaml');
  if (!existsSync(file)) return { results: {}, bridges: [], functions: {}, values: {}, spoken: {} };
  const parsed = { data: readDefinition(file, LanguageLayer) };
  for (const key of Object.keys(parsed.data.results)) {
    const fn = key.slice(0, key.indexOf('.'));
    if (!def.functions.some((f) => f.name === fn)) {
      throw new ToolkitError(`names function "${fn}", which toolkit.yaml does not define; fix the key or remove the entry.`, { file, path: `results.${key}` });
    }
  }
  for (const name of Object.keys(parsed.data.functions)) {
    if (!def.functions.some((f) => f.name === name)) {
      throw new ToolkitError(`describes function "${name}", which toolkit.yaml does not define; fix the name or remove the entry.`, { file, path: `functions.${name}` });
    }
  }
  // A spoken form keyed by a parameter must name a real one; keyed by a semantic type, some parameter must have it.
  const types = new Set(Object.values(parsed.data.functions).flatMap((f) => Object.values(f.params)));
  for (const key of Object.keys(parsed.data.spoken)) {
    const dot = key.indexOf('.');
    const fn = dot > 0 ? def.functions.find((f) => f.name === key.slice(0, dot)) : undefined;
    if (fn) {
      const param = key.slice(dot + 1);
      const props = (fn.parameters as { properties?: Record<string, unknown> }).properties ?? {};
      if (!Object.hasOwn(props, param)) throw new ToolkitError(`names parameter "${param}" of ${fn.name}, which it does not have.`, { file, path: `spoken.${key}` });
    } else if (!types.has(key)) {
      throw new ToolkitError(`names "${key}", which is neither function.param nor the semantic type of any parameter under functions.`, { file, path: `spoken.${key}` });
    }
  }
  parsed.data.bridges.forEach((bridge, i) => {
    bridge.calls.forEach((call, j) => {
      if (!def.functions.some((f) => f.name === call.tool)) {
        throw new ToolkitError(`bridge "${bridge.id}" calls "${call.tool}", which toolkit.yaml does not define.`, { file, path: `bridges[${i}].calls[${j}].tool` });
      }
    });
  });
  return parsed.data;
}

/** Toolkit folders under a root: the root itself if it holds toolkit.yaml, else its direct children that do. */
export function findToolkitDirs(root: string): string[] {
  if (existsSync(join(root, 'toolkit.yaml'))) return [root];
  if (!existsSync(root)) throw new ToolkitError('toolkit folder does not exist.', { file: root });
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'toolkit.yaml')))
    .map((d) => join(root, d.name))
    .sort();
}

const cache = new Map<string, Promise<Registry>>();

/**
 * The built-in toolkits plus any plugin folders (a toolkit folder, or a folder of toolkit folders);
 * loaded once per process per set of folders. Plugins that carry seeds are checked against them.
 */
export function loadRegistry(extraDirs: readonly string[] = []): Promise<Registry> {
  const roots = [BUILTIN_TOOLKITS_DIR, ...extraDirs.map((d) => resolve(d))];
  const key = roots.join('\u0000');
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const registry = new Registry(roots.slice(1));
      const dirs = [...new Set(roots.flatMap(findToolkitDirs))];
      const loaded = await Promise.all(dirs.map(loadToolkitDir));
      try {
        for (const tk of loaded) registry.add(tk);
        for (const tk of loaded) checkPluginSeeds(tk, registry);
      } catch (err) {
        // A refused registry is never cached, so nothing else would end its plugins' threads.
        closeSimulators(loaded);
        throw err;
      }
      return registry;
    })();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

/**
 * Drops the registries that hold plugin folders, so the next load reads them as they are now. The
 * in-process CLI runner of the tests calls it per command line, which must see an edited plugin as
 * a new process would. The built-in toolkits are part of the code and stay loaded.
 */
export function forgetPluginRegistries(): void {
  for (const [key, registry] of cache) {
    if (key === BUILTIN_TOOLKITS_DIR) continue;
    cache.delete(key);
    // Its plugins' threads would idle on until the process ends: one set more per command line in a test worker.
    registry.then(
      (r) => closeSimulators(r.toolkits.values()),
      () => {},
    );
  }
}

function closeSimulators(toolkits: Iterable<LoadedToolkit>): void {
  for (const tk of toolkits) (tk.sim as { close?: () => void }).close?.();
}

/** The `seeds/` folders of the plugin toolkits under the given roots: a plugin brings its own seeds to a build. */
export function pluginSeedDirs(roots: readonly string[]): string[] {
  return roots.flatMap((r) => findToolkitDirs(resolve(r))).flatMap((d) => seedsDirOf(d) ?? []);
}
