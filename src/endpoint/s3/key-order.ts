// S3 lists keys in UTF-8 byte order. JavaScript's `<` compares UTF-16 code units, which differs for
// characters above U+FFFF versus U+E000–U+FFFF; comparing code points matches UTF-8 byte order.

export function compareKeys(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(j) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

/** A sorted set of keys with binary-search insert, delete and lower bound. */
export class SortedKeys {
  private readonly keys: string[];

  constructor(keys: Iterable<string> = []) {
    this.keys = [...keys].sort(compareKeys);
  }

  get size(): number {
    return this.keys.length;
  }

  at(index: number): string {
    return this.keys[index];
  }

  /** Index of the first key ≥ `key` (or > when `exclusive`). */
  lowerBound(key: string, exclusive = false): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareKeys(this.keys[mid], key);
      if (c < 0 || (exclusive && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  add(key: string): void {
    const at = this.lowerBound(key);
    if (this.keys[at] !== key) this.keys.splice(at, 0, key);
  }

  delete(key: string): void {
    const at = this.lowerBound(key);
    if (this.keys[at] === key) this.keys.splice(at, 1);
  }
}
