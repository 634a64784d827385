// The cache service's bookkeeping: entries reserved, finalized and looked up the way GitHub's
// cache service does it, in one scope. Pure data, no I/O, so the rules can be read in one place.

export interface CacheEntry {
  /** Sequential id; FinalizeCacheEntryUpload returns it as entry_id. */
  id: number;
  key: string;
  /** The client's version hash (paths + compression method + salt); lookups must match it. */
  version: string;
  /** Blob name inside the Azurite container. */
  blobName: string;
  /** When CreateCacheEntry reserved it; "newest" in lookups means newest createdAt (then id). */
  createdAt: Date;
  /** Set by FinalizeCacheEntryUpload; only finalized entries can be restored. */
  finalizedAt: Date | undefined;
  sizeBytes: number | undefined;
}

export type MatchKind = "exact" | "prefix";

export interface Match {
  entry: CacheEntry;
  /** Which key matched: the primary key, or restore_keys[i]. */
  via: "key" | number;
  kind: MatchKind;
}

export class CacheStore {
  private readonly list: CacheEntry[] = [];
  private nextId = 1;

  all(): CacheEntry[] {
    return this.list.map((e) => ({ ...e }));
  }

  /** An entry with this key and version, reserved or finalized: GitHub answers 409 already_exists. */
  find(key: string, version: string): CacheEntry | undefined {
    return this.list.find((e) => e.key === key && e.version === version);
  }

  reserve(key: string, version: string, now = new Date()): CacheEntry {
    const id = this.nextId++;
    const entry: CacheEntry = {
      id,
      key,
      version,
      blobName: `caches/${id}`,
      createdAt: now,
      finalizedAt: undefined,
      sizeBytes: undefined,
    };
    this.list.push(entry);
    return entry;
  }

  finalize(entry: CacheEntry, sizeBytes: number, now = new Date()): void {
    entry.finalizedAt = now;
    entry.sizeBytes = sizeBytes;
  }

  /**
   * GitHub's documented lookup order ("Cache key matching"), among finalized entries of the same
   * version: the primary key exactly; else the newest entry whose key starts with the primary key;
   * else, for each restore key in order, an exact match, else the newest prefix match.
   */
  lookup(key: string, restoreKeys: readonly string[], version: string): Match | undefined {
    const candidates = this.list
      .filter((e) => e.finalizedAt !== undefined && e.version === version)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
    const search = (wanted: string, via: Match["via"]): Match | undefined => {
      const exact = candidates.find((e) => e.key === wanted);
      if (exact) return { entry: exact, via, kind: "exact" };
      const prefix = candidates.find((e) => e.key.startsWith(wanted));
      return prefix ? { entry: prefix, via, kind: "prefix" } : undefined;
    };
    const primary = search(key, "key");
    if (primary) return primary;
    for (const [i, restoreKey] of restoreKeys.entries()) {
      const match = search(restoreKey, i);
      if (match) return match;
    }
    return undefined;
  }
}
