import { pathToFileURL } from 'node:url';
import { compiledTwin, RUNS_COMPILED } from './package-root.ts';

let tsxReady: Promise<void> | undefined;

/** Lets a compiled process import TypeScript files (plugin simulators), registering tsx once, on first need. */
function ensureTypeScript(): Promise<void> {
  tsxReady ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  return tsxReady;
}

/**
 * Imports a module file. A compiled process takes a built-in module's compiled twin from dist/
 * (so it shares one copy of the pipeline's modules) and loads other TypeScript through tsx.
 */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  let target = file;
  if (RUNS_COMPILED && file.endsWith('.ts')) {
    const twin = compiledTwin(file);
    if (twin) target = twin;
    else await ensureTypeScript();
  }
  return (await import(pathToFileURL(target).href)) as Record<string, unknown>;
}
