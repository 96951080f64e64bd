// Deterministic synthetic memories: Zipf-distributed words from a generated vocabulary, so keyword statistics look
// like text (a few very common words, a long tail) and every run sees the same data.

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "shi", "du", "ber", "nal", "po", "qui", "zan", "fe", "gor", "hu", "is", "jel", "ost", "wy"];

export function vocabulary(size: number): string[] {
  const words: string[] = [];
  for (let index = 0; words.length < size; index++) {
    let n = index;
    let word = "";
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    if (word.length >= 4) words.push(word);
  }
  return words;
}

/** Samples word indexes with probability ∝ 1/rank (Zipf, s = 1). */
function zipfSampler(size: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= size; rank++) cumulative.push((total += 1 / rank));
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

export interface SyntheticItem {
  readonly userId: string;
  readonly text: string;
}

/** `count` memories spread over `users` users, 12 words each. */
export function syntheticItems(count: number, users: number, seed = 42): SyntheticItem[] {
  const random = prng(seed);
  const words = vocabulary(5000);
  const pick = zipfSampler(words.length, random);
  return Array.from({ length: count }, (_, index) => ({
    userId: `u${index % users}`,
    text: `${Array.from({ length: 12 }, () => words[pick()]).join(" ")}.`,
  }));
}

/** Queries of three words drawn like the items' words. */
export function syntheticQueries(count: number, seed = 7): string[] {
  const random = prng(seed);
  const words = vocabulary(5000);
  const pick = zipfSampler(words.length, random);
  return Array.from({ length: count }, () => Array.from({ length: 3 }, () => words[pick()]).join(" "));
}
