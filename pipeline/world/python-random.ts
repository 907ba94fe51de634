/**
 * Python's `random.Random(seed).randint` (MT19937 seeded by init_by_array, `_randbelow` by rejection
 * of `getrandbits`), so ids drawn here are the ids BFCL's classes draw from the same seed. The
 * generator is rebuilt from `(seed, words used)` kept in the toolkit state, which keeps calls pure.
 */
const N = 624;
const M = 397;

class Mt19937 {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;
  /** 32-bit outputs drawn so far: what the state records to resume the sequence. */
  used = 0;

  constructor(seed: number) {
    const key = seedWords(seed);
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = ((this.mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        this.mt[0] = this.mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = ((this.mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        this.mt[0] = this.mt[N - 1]!;
        i = 1;
      }
    }
    this.mt[0] = 0x80000000;
  }

  private initGenrand(s: number): void {
    this.mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = (Math.imul(prev, 1812433253) + i) >>> 0;
    }
    this.mti = N;
  }

  next32(): number {
    if (this.mti >= N) {
      for (let k = 0; k < N; k++) {
        const y = (this.mt[k]! & 0x80000000) | (this.mt[(k + 1) % N]! & 0x7fffffff);
        this.mt[k] = this.mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.mti = 0;
    }
    let y = this.mt[this.mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    this.used++;
    return y >>> 0;
  }

  /** Python's getrandbits(k): 32-bit words from least to most significant, the last one shifted down. */
  getrandbits(k: number): bigint {
    let out = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32) {
      let word = this.next32();
      if (left < 32) word >>>= 32 - left;
      out |= BigInt(word) << shift;
      shift += 32n;
    }
    return out;
  }
}

/** The seed as Python splits a non-negative int into 32-bit words for init_by_array. */
function seedWords(seed: number): number[] {
  let n = BigInt(Math.abs(Math.trunc(seed)));
  const words: number[] = [];
  while (n > 0n) {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  return words.length > 0 ? words : [0];
}

/** A Python-compatible generator resumed after `used` 32-bit draws. */
export class PythonRandom {
  private readonly mt: Mt19937;

  constructor(seed: number, used = 0) {
    this.mt = new Mt19937(seed);
    while (this.mt.used < used) this.mt.next32();
  }

  get used(): number {
    return this.mt.used;
  }

  /** random.random(): 53 bits from two draws, as CPython builds a double. */
  random(): number {
    const a = this.mt.next32() >>> 5;
    const b = this.mt.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** random.uniform(a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /** random.randint(a, b), both ends included. */
  randint(a: number, b: number): number {
    const n = BigInt(b - a + 1);
    const k = n.toString(2).length;
    let r = this.mt.getrandbits(k);
    while (r >= n) r = this.mt.getrandbits(k);
    return a + Number(r);
  }
}
