// Entry of a validation worker thread: workers do not inherit the main thread's TypeScript loader.
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
