import { rngFor } from '../../pipeline/core/rng.ts';

/** A seeded sample of ids, dealt round-robin to the readers so each gets the same share of the draw. */
export function pickForReaders(ids: readonly string[], seed: number, count: number, readers: number): string[][] {
  const drawn = rngFor('blind-read', seed).shuffle(ids).slice(0, Math.min(count, ids.length));
  const parts: string[][] = Array.from({ length: readers }, () => []);
  drawn.forEach((id, i) => parts[i % readers]?.push(id));
  return parts;
}
