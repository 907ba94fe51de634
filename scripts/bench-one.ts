/** Runs one benchmark module (its path is the argument); scripts/bench.ts starts one process per module. */
import { pathToFileURL } from 'node:url';

const mod = (await import(pathToFileURL(process.argv[2]!).href)) as { run: () => Promise<void> };
await mod.run();
