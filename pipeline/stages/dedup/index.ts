import type { Sample } from '../../schema/sample.ts';
import type { Rejection, WholeSetStage } from '../stage.ts';
import { parseSample } from '../record-input.ts';
import { compareIds } from '../runner.ts';
import { findNearDuplicates, type NearDupPair } from './minhash.ts';
import { contentHash, sampleText, structureSignature } from './signature.ts';

export interface DedupResult {
  kept: Sample[];
  exact: { dropped: string; kept: string }[];
  near: NearDupPair[];
  comparisons: number;
}

/** Pure dedup over samples in id order: exact duplicates by content hash, then near duplicates by MinHash LSH. */
export function dedupSamples(samples: readonly Sample[], options: { exact: boolean; near: { enabled: boolean; shingle: number; numHashes: number; bands: number; threshold: number } }): DedupResult {
  const sorted = [...samples].sort((a, b) => compareIds(a.id, b.id));
  const exact: DedupResult['exact'] = [];
  let unique = sorted;
  if (options.exact) {
    const first = new Map<string, string>();
    unique = sorted.filter((s) => {
      const key = contentHash(s);
      const kept = first.get(key);
      if (kept) {
        exact.push({ dropped: s.id, kept });
        return false;
      }
      first.set(key, s.id);
      return true;
    });
  }
  if (!options.near.enabled) return { kept: unique, exact, near: [], comparisons: 0 };
  const { pairs, comparisons } = findNearDuplicates(
    unique.map((s) => ({ id: s.id, text: sampleText(s), structure: structureSignature(s) })),
    options.near,
  );
  const dropped = new Set(pairs.map((p) => p.dropped));
  return { kept: unique.filter((s) => !dropped.has(s.id)), exact, near: pairs, comparisons };
}

/** Stage 6: drops exact and near duplicates; every dropped pair is listed in the stage report. */
export const dedupStage: WholeSetStage<Sample, Sample> = {
  kind: 'whole-set',
  name: 'dedup',
  inputKind: "samples (the validate stage's output)",
  configSlice: (config) => ({ dedup: config.dedup }),
  parseInput: parseSample,
  idOf: (sample) => sample.id,
  run(samples, ctx) {
    const result = dedupSamples(samples, ctx.config.dedup);
    const rejected: Rejection[] = [
      ...result.exact.map((p) => ({ id: p.dropped, reason: 'exact-duplicate', detail: `same content as ${p.kept}` })),
      ...result.near.map((p) => ({ id: p.dropped, reason: 'near-duplicate', detail: `estimated similarity ${p.similarity} with ${p.kept}` })),
    ];
    return { out: result.kept, rejected, extra: { exactPairs: result.exact, nearPairs: result.near, comparisons: result.comparisons } };
  },
};
