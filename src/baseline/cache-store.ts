// The baseline in the GitHub Actions cache: a push stores its JSON report, a PR restores its base
// branch's. Cache trouble never fails the user's build: every path here resolves, and a problem
// comes back as a `warning` text for the Action to log and show in its comment.
//
// Requirement: call with `workDir` == process.cwd() == GITHUB_WORKSPACE (true for a JavaScript
// action on a runner, which starts in the workspace). @actions/cache globs the path we give it from
// the cwd, stores it in the archive relative to GITHUB_WORKSPACE, extracts into GITHUB_WORKSPACE on
// restore, and hashes the path *string* into the entry's version, so save and restore must pass the
// same relative string from the same place. We check rather than chdir: changing the cwd of the
// whole process from library code would surprise everything else running in it.
//
// The file only exists in the workspace during a call: a stray file there would land in a build
// context of `.` and change what the benchmark measures.
import { mkdir, readFile, realpath, rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as actionsCache from "@actions/cache";
import { errorMessage } from "../errors.js";
import { parseReport, parseReportText } from "../report/schema.js";
import type { Report } from "../report/schema.js";
import { cacheFailureReason, withCacheMessages } from "./cache-messages.js";
import { BaselineFileError } from "./errors.js";
import { baselineKey, baselineRestoreKey, commitFromKey } from "./keys.js";
import type { BaselineKeyParts } from "./keys.js";

/** Where the report sits while it is saved or restored, relative to workDir. Fixed: see above. */
export const BASELINE_PATH = ".docker-cache-bench/baseline.json";

/** The part of @actions/cache this module uses; tests may pass a fake. */
export interface CacheModule {
  saveCache(paths: string[], key: string): Promise<number>;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  isFeatureAvailable(): boolean;
}

export interface BaselineLocation extends BaselineKeyParts {
  /** The workspace root; must be the current directory (see the top of this file). */
  workDir: string;
}

export interface SaveBaselineResult {
  saved: boolean;
  key: string;
  warning: string | null;
}

export type RestoreBaselineResult =
  | {
      report: Report;
      /** The key that matched. */
      key: string;
      /** The commit the baseline was measured on, from the key; null if the key is not ours. */
      commit: string | null;
      /** True when the baseline is the requested commit's, false when an older one of the branch. */
      exact: boolean;
    }
  | { report: null; warning: string | null };

const UNAVAILABLE =
  "cache service not available (ACTIONS_RESULTS_URL / ACTIONS_CACHE_URL is not set: " +
  "not running on a GitHub Actions runner?)";

/** Stores `report` as the baseline of (benchmarkId, branch, commit). Never throws. */
export async function saveBaseline(
  report: Report,
  at: BaselineLocation,
  cache: CacheModule = actionsCache,
): Promise<SaveBaselineResult> {
  const key = baselineKey(at);
  const notSaved = (why: string): SaveBaselineResult => ({
    saved: false,
    key,
    warning: `baseline not saved: ${why}`,
  });
  if (!isAvailable(cache)) return notSaved(UNAVAILABLE);
  const misplaced = await checkWorkDir(at.workDir);
  if (misplaced) return notSaved(misplaced);

  const file = join(at.workDir, BASELINE_PATH);
  try {
    // Validate before storing: an entry the restore side would reject is worse than none.
    const json = JSON.stringify(parseReport(report));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${json}\n`);
    const { value: id, messages } = await withCacheMessages(() => cache.saveCache([BASELINE_PATH], key));
    if (id !== -1) return { saved: true, key, warning: null };
    const reason = cacheFailureReason(messages) ?? "the cache service did not accept the entry";
    // A re-run of the same commit lands here: entries are immutable, the first save stays.
    const hint = /already exists/i.test(reason)
      ? ` (a baseline for ${key} is already stored and cache entries are immutable: the first one stays)`
      : "";
    return notSaved(reason + hint);
  } catch (e) {
    // saveCache throws rather than returning -1 without ACTIONS_RUNTIME_TOKEN or on invalid keys.
    return notSaved(errorMessage(e));
  } finally {
    await removeBaselineFile(at.workDir);
  }
}

/**
 * Restores the baseline of `branch` for a PR whose base is `commit`: that commit's report if it was
 * stored, else the branch's most recently saved one (`exact: false`). A miss is `{ report: null,
 * warning: null }`: no baseline yet is normal on a first run. Never throws.
 */
export async function restoreBaseline(
  at: BaselineLocation,
  cache: CacheModule = actionsCache,
): Promise<RestoreBaselineResult> {
  const key = baselineKey(at);
  const none = (why: string): RestoreBaselineResult => ({
    report: null,
    warning: `no baseline restored: ${why}`,
  });
  if (!isAvailable(cache)) return none(UNAVAILABLE);
  const misplaced = await checkWorkDir(at.workDir);
  if (misplaced) return none(misplaced);

  const file = join(at.workDir, BASELINE_PATH);
  try {
    // A leftover file must never pass for a restored one.
    await rm(file, { force: true });
    const { value: matched, messages } = await withCacheMessages(() =>
      cache.restoreCache([BASELINE_PATH], key, [baselineRestoreKey(at)]),
    );
    if (matched === undefined) {
      // restoreCache answers undefined both on a miss and after logging a service error.
      const reason = cacheFailureReason(messages);
      return reason ? none(reason) : { report: null, warning: null };
    }
    let report: Report;
    try {
      report = parseReportText(await readFile(file, "utf8"));
    } catch (e) {
      return none(`the cache entry ${matched} does not hold a valid report: ${errorMessage(e)}`);
    }
    return { report, key: matched, commit: commitFromKey(matched, at), exact: matched === key };
  } catch (e) {
    // restoreCache rethrows ValidationErrors (bad keys or paths) instead of warning.
    return none(errorMessage(e));
  } finally {
    await removeBaselineFile(at.workDir);
  }
}

/**
 * Reads the report a user named with `baseline: <path>`. That is an explicit choice, so a missing or
 * invalid file throws a BaselineFileError naming the path rather than degrading to a warning.
 */
export async function readBaselineFile(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BaselineFileError(
      path,
      code === "ENOENT" ? "no such file" : `cannot read it (${errorMessage(e)})`,
    );
  }
  try {
    return parseReportText(text);
  } catch (e) {
    throw new BaselineFileError(path, errorMessage(e));
  }
}

function isAvailable(cache: CacheModule): boolean {
  try {
    return cache.isFeatureAvailable();
  } catch {
    return false;
  }
}

/** Why `workDir` cannot be used (see the top of this file), or null. */
async function checkWorkDir(workDir: string): Promise<string | null> {
  const real = (p: string): Promise<string | null> => realpath(p).catch(() => null);
  const dir = await real(workDir);
  if (!dir) return `workDir ${workDir} does not exist`;
  const cwd = await real(process.cwd());
  const workspace = process.env["GITHUB_WORKSPACE"];
  const ws = workspace ? await real(workspace) : dir;
  if (dir === cwd && dir === ws) return null;
  return (
    `workDir ${workDir} must be both the current directory (${process.cwd()}) and GITHUB_WORKSPACE ` +
    `(${workspace ?? "unset"}): @actions/cache resolves the baseline's path from the one and ` +
    "archives it relative to the other"
  );
}

async function removeBaselineFile(workDir: string): Promise<void> {
  const file = join(workDir, BASELINE_PATH);
  await rm(file, { force: true }).catch(() => undefined);
  // Only if empty: the directory name is ours, but never delete what someone else put there.
  await rmdir(dirname(file)).catch(() => undefined);
}
