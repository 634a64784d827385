// Cache keys of stored baselines (pure).
//
//   docker-cache-bench-v1:<benchmarkId>:<branch>:<commit>    one entry per pushed commit
//   docker-cache-bench-v1:<benchmarkId>:<branch>:            restore key: newest entry of the branch
//
// e.g. `docker-cache-bench-v1:web:main:3fe5183…`. A PR restores with its base commit as the primary
// key and the branch prefix as the restore key; the cache service answers an exact hit first, else
// the most recently *saved* entry whose key starts with the prefix
// (https://docs.github.com/en/actions/reference/workflows-and-actions/dependency-caching#cache-key-matching).
//
// Why ":" and not "-" between the parts: the restore key is a plain string prefix. With "-",
// `…-main-` is also a prefix of `…-main-old-<sha>`, and id `app`'s of id `app-api`'s, so a PR could
// be handed another branch's (or benchmark's) baseline. Parts are sanitized to [A-Za-z0-9._/-],
// which has no ":", so a prefix matches exactly one (benchmarkId, branch) pair.
//
// Keys may not contain commas and are at most 512 characters (@actions/cache throws a
// ValidationError otherwise); the caps below keep the worst case at 508. Truncating a very long
// id or branch can make two of them share a key prefix; that is accepted. Bump "v1" whenever the
// stored file's path or format changes incompatibly.

export const KEY_PREFIX = "docker-cache-bench-v1";
export const MAX_KEY_LENGTH = 512;
const MAX_ID_CHARS = 100;
const MAX_BRANCH_CHARS = 320;
/** A SHA-256 object name; SHA-1 ones are 40. */
const MAX_COMMIT_CHARS = 64;

export interface BaselineKeyParts {
  benchmarkId: string;
  branch: string;
  commit: string;
}

/** Replaces anything outside [A-Za-z0-9._/-] (commas, spaces, ":", non-ASCII) with "_"; caps the length. */
export function sanitizeKeyPart(part: string, max: number): string {
  return part.replace(/[^A-Za-z0-9._/-]/g, "_").slice(0, max);
}

/** The restore key: every baseline of this benchmark on this branch starts with it. */
export function baselineRestoreKey(parts: Omit<BaselineKeyParts, "commit">): string {
  const id = sanitizeKeyPart(parts.benchmarkId, MAX_ID_CHARS);
  const branch = sanitizeKeyPart(parts.branch, MAX_BRANCH_CHARS);
  return `${KEY_PREFIX}:${id}:${branch}:`;
}

/** The key a push's report is saved under. */
export function baselineKey(parts: BaselineKeyParts): string {
  return baselineRestoreKey(parts) + sanitizeKeyPart(parts.commit, MAX_COMMIT_CHARS);
}

/** The commit part of a key matched by `baselineRestoreKey(parts)`; null if the key is not one of ours. */
export function commitFromKey(key: string, parts: Omit<BaselineKeyParts, "commit">): string | null {
  const prefix = baselineRestoreKey(parts);
  if (!key.startsWith(prefix)) return null;
  return key.slice(prefix.length) || null;
}
