// Pure: which record of the engine's listing belongs to a failed build, and whether waiting can
// still bring it. Measured on Docker 28.5 (modern-containerd, BuildKit 0.2x): every failure that
// reaches BuildKit's solve — a Dockerfile syntax error, an unknown flag, a base image that cannot
// be resolved, a missing COPY source, an unknown stage or target, a RUN that exits non-zero —
// makes a record at the start of the solve (listed running, already named by its tag) that turns
// final about 0.1–0.3 s after the client exits, and it was listed on the first listing after the
// client's exit in every run. A failure on the client's side (no such Dockerfile, a build context
// path that does not exist) never makes one. So after the client exited, a record listed as
// running is worth waiting for, and no record at all means none is coming.
import type { BuildRecord } from "./records-proto.js";

/** The record exported to `tag` (BuildKit names it in full: `docker.io/library/<tag>`). */
export function isNamed(r: BuildRecord, tag: string): boolean {
  return r.names.some((n) => n === tag || n.endsWith(`/${tag}`));
}

/**
 * The record of the last build exported to `tag`: repeated warm builds reuse one tag, so an
 * earlier build's final record can sit beside the failed one's. Newest first; within one second
 * (createdAt's unit) a running record, then one with an error, is the failed build's.
 */
export function lastNamed(records: readonly BuildRecord[], tag: string): BuildRecord | null {
  const rank = (r: BuildRecord) => [r.createdAt, r.completed ? 0 : 1, r.errorStatus ? 1 : 0];
  let best: BuildRecord | null = null;
  for (const r of records) {
    if (!isNamed(r, tag)) continue;
    if (!best || before(rank(best), rank(r))) best = r;
  }
  return best;
}

/** Whether a listing taken after the client exited is worth taking again: the record is there and not final. */
export function isRecordComing(records: readonly BuildRecord[], tag: string): boolean {
  const r = lastNamed(records, tag);
  return r !== null && !r.completed;
}

function before(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}
