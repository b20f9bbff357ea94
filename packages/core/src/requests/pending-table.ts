/**
 * Requests waiting for their reply, by key. One is kept in a field of its own, the others in a Map:
 * sequential requests (one waiting at a time, the usual await-each pattern) never touch the Map, whose table
 * V8 reallocates when an entry added and deleted per request leaves it nearly empty (an allocation per
 * request). Keys are unique per request.
 */
export class PendingTable<K, V> {
  #key: K | undefined;
  #one: V | undefined;
  readonly #map = new Map<K, V>();

  get size(): number {
    return this.#map.size + (this.#one === undefined ? 0 : 1);
  }

  set(key: K, v: V): void {
    if (this.#one === undefined) {
      this.#key = key;
      this.#one = v;
    } else this.#map.set(key, v);
  }

  get(key: K): V | undefined {
    return key === this.#key && this.#one !== undefined ? this.#one : this.#map.get(key);
  }

  /** Forgets `key`; true if it was there. */
  delete(key: K): boolean {
    if (key === this.#key && this.#one !== undefined) {
      this.#one = undefined;
      return true;
    }
    return this.#map.delete(key);
  }

  /** Every entry (a copy: callers fail them, which deletes). */
  values(): V[] {
    const out = [...this.#map.values()];
    if (this.#one !== undefined) out.push(this.#one);
    return out;
  }

  clear(): void {
    this.#one = undefined;
    this.#map.clear();
  }
}
