import { rngFor } from '../../core/rng.ts';

export interface NearDupOptions {
  /** Words per shingle. */
  shingle: number;
  numHashes: number;
  bands: number;
  /** Estimated Jaccard similarity at or above which an item is a near duplicate of a kept one. */
  threshold: number;
}

export interface NearDupItem {
  id: string;
  text: string;
  /** Items only compare when their structural signatures are equal. */
  structure: string;
}

export interface NearDupPair {
  dropped: string;
  kept: string;
  similarity: number;
}

/** FNV-1a over UTF-16 code units: a fast 32-bit shingle hash. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a bijection on 32 bits, so each seed gives one permutation of shingle hashes. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function shingles(text: string, size: number): Set<number> {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const out = new Set<number>();
  if (words.length <= size) {
    out.add(fnv1a(words.join(' ')));
    return out;
  }
  for (let i = 0; i + size <= words.length; i++) out.add(fnv1a(words.slice(i, i + size).join(' ')));
  return out;
}

function minhashSignature(hashes: Iterable<number>, seeds: Uint32Array): Uint32Array {
  const sig = new Uint32Array(seeds.length).fill(0xffffffff);
  for (const h of hashes) {
    for (let i = 0; i < seeds.length; i++) {
      const v = fmix32(h ^ seeds[i]!);
      if (v < sig[i]!) sig[i] = v;
    }
  }
  return sig;
}

function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Greedy near-duplicate removal in one pass over the items in their given order: each item is
 * compared only with kept items that share an LSH bucket (a band of its MinHash signature plus its
 * structural signature), so the cost grows with the number of items, not with their pairs. An item
 * whose estimated Jaccard similarity with a kept one reaches the threshold is dropped.
 */
export function findNearDuplicates(items: readonly NearDupItem[], options: NearDupOptions): { pairs: NearDupPair[]; comparisons: number } {
  const seedRng = rngFor('minhash', options.numHashes);
  const seeds = Uint32Array.from({ length: options.numHashes }, () => Math.floor(seedRng.next() * 0x100000000));
  const rows = options.numHashes / options.bands;
  const buckets = new Map<string, number[]>();
  const kept: Uint32Array[] = [];
  const keptIds: string[] = [];
  const pairs: NearDupPair[] = [];
  let comparisons = 0;
  for (const item of items) {
    const sig = minhashSignature(shingles(item.text, options.shingle), seeds);
    const keys: string[] = [];
    for (let b = 0; b < options.bands; b++) keys.push(`${item.structure}|${b}|${sig.subarray(b * rows, (b + 1) * rows).join(',')}`);
    const seen = new Set<number>();
    let match: { index: number; sim: number } | undefined;
    for (const key of keys) {
      for (const index of buckets.get(key) ?? []) {
        if (seen.has(index)) continue;
        seen.add(index);
        comparisons++;
        const sim = similarity(sig, kept[index]!);
        if (sim >= options.threshold && (!match || sim > match.sim)) match = { index, sim };
      }
    }
    if (match) {
      pairs.push({ dropped: item.id, kept: keptIds[match.index]!, similarity: Math.round(match.sim * 1000) / 1000 });
      continue;
    }
    const index = kept.length;
    kept.push(sig);
    keptIds.push(item.id);
    for (const key of keys) {
      const list = buckets.get(key);
      if (list) list.push(index);
      else buckets.set(key, [index]);
    }
  }
  return { pairs, comparisons };
}
