// Entry of a validation worker thread. Compiled, the worker module sits beside this file as
// worker.js; from the sources, workers do not inherit the main thread's TypeScript loader.
import { existsSync } from 'node:fs';

if (existsSync(new URL('./worker.js', import.meta.url))) {
  await import('./worker.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./worker.ts');
}
