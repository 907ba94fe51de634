// Entry of a plugin-simulator worker thread. Compiled, the worker module sits beside this file as
// plugin-worker-main.js; from the sources, workers do not inherit the main thread's TypeScript loader.
import { existsSync } from 'node:fs';

if (existsSync(new URL('./plugin-worker-main.js', import.meta.url))) {
  await import('./plugin-worker-main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./plugin-worker-main.ts');
}
