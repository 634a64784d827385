// What the run does with the engine's build records (src/docker/records.ts): after the builds, the
// counts BuildKit recorded are checked against the parsed logs; a failed build's record gives its
// structured error (Dockerfile lines, step, exit code, output) before it goes; at the end the run's
// records are deleted, since they keep every build-arg value in plain text. Never fails the run:
// records are a cross-check, not the benchmark.
import { errorMessage } from "../errors.js";
import type { BuildResult } from "./build.js";
import type { DockerEnv } from "./detect.js";
import { parseRecordedFailure, type RecordedFailure } from "./records-error.js";
import { isRecordComing, lastNamed } from "./records-wait.js";
import {
  daemonSocket,
  deleteRecord,
  listRecords,
  readBlob,
  readStatus,
  recordsUnavailable,
} from "./records.js";
import type { BuildRecord } from "./records.js";

export interface RecordsHooks {
  onInfo?: (message: string) => void;
  onWarning?: (message: string) => void;
  onDebug?: (message: string) => void;
}

export interface RecordedBuild {
  phase: "cold" | "warm";
  /** BuildKit's counts: every vertex of the build, internal and export ones included. */
  vertices: number;
  cachedVertices: number;
  /** The same counts from the parsed log; null when the log cannot say (plain progress). */
  parsedVertices: number | null;
  parsedCachedVertices: number | null;
}

export interface RecordsSummary {
  /** Why records were not read or not deleted; null when all went through. */
  note: string | null;
  builds: RecordedBuild[];
  /** Where a record and the parsed log disagree. */
  warnings: string[];
  /** Records of this run deleted. */
  deleted: number;
}

export interface RecordsCheck {
  check(builds: { phase: "cold" | "warm"; result: BuildResult }[]): Promise<RecordsSummary>;
  /**
   * The structured error of the failed build tagged `tag` (a failed build writes no metadata file,
   * so no ref: its record is found by the tag it exported to), or null where there is no record.
   */
  failure(tag: string): Promise<RecordedFailure | null>;
  /** Deletes the run's records (once: a second call gets the first one's answer); returns how many. */
  cleanup(): Promise<number>;
}

/**
 * `runId`: the value of the run label the builds carry (null when images are kept unlabelled);
 * `tagPrefix`: what every tag of the run starts with (`docker-cache-bench:<nonce>`).
 */
export function createRecordsCheck(
  env: DockerEnv,
  run: { runId: string | null; runLabel: string; tagPrefix: string },
  hooks: RecordsHooks,
): RecordsCheck {
  const unavailable = recordsUnavailable(env);
  // Said once per run, where the engine keeps no records the tool can read.
  if (unavailable) hooks.onInfo?.(`build records: not read: ${unavailable}`);
  const socket = unavailable ? null : daemonSocket(env);
  socket?.catch(() => undefined);
  let note = unavailable;
  const ours = new Set<string>();
  let seen: BuildRecord[] = [];
  let deleting: Promise<number> | null = null;

  /**
   * The run's records, waiting (briefly) until those of `refs` are final, and the tag `tag`'s if
   * it is listed as running (a build that failed on the client's side makes none: nothing to wait for).
   */
  async function refresh(refs: string[], tag: string | null = null): Promise<BuildRecord[]> {
    if (!socket) return [];
    try {
      // A build's record is final a moment after its client returns: until then it is listed as
      // running, without its counts.
      for (let attempt = 0; ; attempt++) {
        const all = await listRecords(await socket);
        seen = latest(all.filter((r) => refs.includes(r.ref) || isOurs(r)));
        for (const r of seen) ours.add(r.ref);
        const pending =
          refs.some((ref) => !seen.some((r) => r.ref === ref && r.completed)) ||
          (tag !== null && isRecordComing(seen, tag));
        const wait = FINAL_WAITS_MS[attempt];
        if (!pending || wait === undefined) return seen;
        await new Promise((r) => setTimeout(r, wait));
      }
    } catch (e) {
      note = `not read: ${errorMessage(e)}`;
      hooks.onDebug?.(`build records: ${note}`);
      return [];
    }
  }

  function isOurs(r: BuildRecord): boolean {
    if (run.runId !== null && r.attrs.get(`label:${run.runLabel}`) === run.runId) return true;
    return r.names.some((n) => n.startsWith(run.tagPrefix) || n.includes(`/${run.tagPrefix}`));
  }

  return {
    async check(builds) {
      const refs = builds.map((b) => refOf(b.result)).filter((r): r is string => r !== null);
      const records = await refresh(refs);
      const summary: RecordsSummary = { note, builds: [], warnings: [], deleted: 0 };
      for (const b of builds) {
        const ref = refOf(b.result);
        const record = records.find((r) => r.ref === ref);
        if (!record) continue;
        const v = b.result.trace.vertices ?? null;
        summary.builds.push({
          phase: b.phase,
          vertices: record.totalSteps,
          cachedVertices: record.cachedSteps,
          parsedVertices: v?.total ?? null,
          parsedCachedVertices: v?.cached ?? null,
        });
        if (v && (v.total !== record.totalSteps || v.cached !== record.cachedSteps)) {
          const w = `the ${b.phase} build's record counts ${record.totalSteps} vertices (${record.cachedSteps} cached), the parsed log ${v.total} (${v.cached} cached): the step table may miss or miscount steps`;
          summary.warnings.push(w);
          hooks.onWarning?.(w);
        }
      }
      if (socket && summary.builds.length < builds.length && note === null) {
        note = `${builds.length - summary.builds.length} of ${builds.length} builds had no record to check (no ref in the metadata file)`;
        summary.note = note;
      }
      return summary;
    },
    async failure(tag) {
      // The newest record of the tag: repeated warm builds reuse it, earlier ones succeeded.
      const record = lastNamed(await refresh([], tag), tag);
      if (!socket || !record?.completed || !record.errorStatus) return null;
      try {
        const s = await socket;
        // BuildKit ≥ 0.13 keeps the details (location, vertex) in a blob; older ones inline.
        const status = record.externalError ? await readBlob(s, record.externalError) : record.errorStatus;
        return parseRecordedFailure(status, await readStatus(s, record.ref));
      } catch (e) {
        hooks.onDebug?.(`build records: the failed build's error not read: ${errorMessage(e)}`);
        return null;
      }
    },
    cleanup() {
      // Once: the run may start it early (beside the image removal) and again on its way out.
      deleting ??= deleteOurs();
      return deleting;
    },
  };

  async function deleteOurs(): Promise<number> {
    if (!socket) return 0;
    if (ours.size === 0) await refresh([]);
    const path = await socket.catch(() => null);
    if (path === null) return 0;
    // At once: each delete waits on the daemon (on the containerd store it releases the record's
    // content for garbage collection), not on this process.
    const results = await Promise.all(
      [...ours].map((ref) =>
        deleteRecord(path, ref).then(
          () => true,
          (e: unknown) => {
            hooks.onWarning?.(
              `build record ${ref} not deleted (it keeps build-arg values): ${errorMessage(e)}`,
            );
            return false;
          },
        ),
      ),
    );
    const deleted = results.filter(Boolean).length;
    hooks.onDebug?.(`build records deleted: ${deleted}`);
    return deleted;
  }
}

/**
 * Waits between listings while a record is not final: short first (it is usually final within
 * 0.1 s of the client's exit, and the end of every run waits on it), ~3 s in all as before.
 */
const FINAL_WAITS_MS = [50, 100, 150, 200, 300, 300, 300, 400, 500, 700];

/** One record per ref, the completed one where a ref is listed both running and completed. */
function latest(records: BuildRecord[]): BuildRecord[] {
  const byRef = new Map<string, BuildRecord>();
  for (const r of records) if (!byRef.get(r.ref)?.completed) byRef.set(r.ref, r);
  return [...byRef.values()];
}

/** `buildx.build.ref` is `<builder>/<node>/<ref>`. */
function refOf(result: BuildResult): string | null {
  const ref = result.metadata?.["buildx.build.ref"];
  return typeof ref === "string" && ref ? (ref.split("/").at(-1) ?? null) : null;
}
