// @actions/cache's real save/restore code against the loopback cache service
// (test/support/cache-service): Twirp v2 calls to our server, archives through Azurite.
//
// Order that matters: @actions/cache reads every variable it uses (ACTIONS_CACHE_SERVICE_V2,
// ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_TOKEN, GITHUB_SERVER_URL, ACTIONS_CACHE_MODE,
// GITHUB_WORKSPACE, RUNNER_TEMP) when saveCache/restoreCache is called, not when it is imported,
// so a static import is fine: start the service, then stub the env, then call. Moving to
// "another checkout" takes both GITHUB_WORKSPACE and the cwd: saveCache globs relative paths from
// process.cwd() (on a runner cwd == GITHUB_WORKSPACE), and the version hash covers the path
// strings, so the Action must pass the same relative path on save and restore. process.chdir
// needs Vitest's default "forks" pool (worker threads cannot chdir).
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as cache from "@actions/cache";
import { startCacheService } from "./server.js";
import type { CacheService } from "./server.js";

const REPORT = "dcb-baseline/report.json"; // relative to GITHUB_WORKSPACE, as the Action passes it
const TIMEOUT = 60_000;

const initialCwd = process.cwd();
let root: string;
let output: string[] = [];

/** A fresh workspace holding `bytes` at REPORT (or nothing), made current for @actions/cache. */
async function workspace(name: string, bytes?: Buffer): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, "dcb-baseline"), { recursive: true });
  if (bytes) await writeFile(join(dir, REPORT), bytes);
  vi.stubEnv("GITHUB_WORKSPACE", dir);
  process.chdir(dir);
  return dir;
}

const report = (label: string): Buffer =>
  Buffer.concat([Buffer.from(JSON.stringify({ label }) + "\n"), randomBytes(4096)]);

function useService(service: CacheService): void {
  for (const [name, value] of Object.entries(service.env)) vi.stubEnv(name, value);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "dcb-cache-test-"));
  vi.stubEnv("RUNNER_TEMP", join(root, "runner-temp")); // else @actions/cache uses /home/actions/temp
  vi.stubEnv("RUNNER_DEBUG", "");
});

beforeEach(() => {
  output = [];
  // core.info/warning write workflow commands to stdout; keep them for assertions.
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  });
  return () => void vi.mocked(process.stdout.write).mockRestore();
});

afterAll(async () => {
  process.chdir(initialCwd);
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

describe("@actions/cache against the loopback cache service", { timeout: TIMEOUT }, () => {
  let service: CacheService;
  const first = report("main@aaa");
  const second = report("main@bbb");

  beforeAll(async () => {
    service = await startCacheService();
    useService(service);
  }, TIMEOUT);
  afterAll(() => service.stop());

  it("saves, then restores the newest entry matching a restore key into another checkout", async () => {
    await workspace("main-aaa", first);
    const id1 = await cache.saveCache([REPORT], "dcb-report-main-aaa");
    await workspace("main-bbb", second);
    const id2 = await cache.saveCache([REPORT], "dcb-report-main-bbb");

    const entries = service.entries();
    expect(entries.map((e) => [e.id, e.key, e.sizeBytes !== undefined])).toEqual([
      [id1, "dcb-report-main-aaa", true],
      [id2, "dcb-report-main-bbb", true],
    ]);

    const pr = await workspace("pr-ccc");
    const hit = await cache.restoreCache([REPORT], "dcb-report-main-ccc", ["dcb-report-main-"]);
    expect(hit).toBe("dcb-report-main-bbb");
    expect((await readFile(join(pr, REPORT))).equals(second)).toBe(true);
    expect(output).toContain("Cache hit for restore-key: dcb-report-main-bbb");

    const calls = service.requests();
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual([
      "CreateCacheEntry 200",
      "FinalizeCacheEntryUpload 200",
      "CreateCacheEntry 200",
      "FinalizeCacheEntryUpload 200",
      "GetCacheEntryDownloadURL 200",
    ]);
    expect(calls.every((c) => c.authorization === `Bearer ${service.env["ACTIONS_RUNTIME_TOKEN"]}`)).toBe(
      true,
    );
    expect(calls.at(-1)?.body).toEqual({
      key: "dcb-report-main-ccc",
      restore_keys: ["dcb-report-main-"],
      version: entries[0]?.version,
    });
  });

  it("prefers an exact key hit over a newer restore-key match", async () => {
    const pr = await workspace("pr-exact");
    const hit = await cache.restoreCache([REPORT], "dcb-report-main-aaa", ["dcb-report-main-"]);
    expect(hit).toBe("dcb-report-main-aaa");
    expect((await readFile(join(pr, REPORT))).equals(first)).toBe(true);
    expect(output).toContain("Cache hit for: dcb-report-main-aaa");
  });

  it("returns undefined on a miss, and when only the version (paths) differs", async () => {
    const pr = await workspace("pr-miss");
    expect(
      await cache.restoreCache([REPORT], "dcb-report-feature-x", ["dcb-report-feature-"]),
    ).toBeUndefined();
    expect(await cache.restoreCache(["other/report.json"], "dcb-report-main-aaa")).toBeUndefined();
    expect(existsSync(join(pr, REPORT))).toBe(false);
    expect(output.filter((l) => l.startsWith("::warning::"))).toEqual([]);
  });

  it("lookupOnly answers the matched key without downloading", async () => {
    const pr = await workspace("pr-lookup");
    const hit = await cache.restoreCache([REPORT], "dcb-report-main-zzz", ["dcb-report-main-"], {
      lookupOnly: true,
    });
    expect(hit).toBe("dcb-report-main-bbb");
    expect(existsSync(join(pr, REPORT))).toBe(false);
  });

  it("a second save under an existing key gets 409 from the service; the library logs info and returns -1", async () => {
    const before = service.entries().length;
    await workspace("main-aaa-again", report("main@aaa second run"));
    await expect(cache.saveCache([REPORT], "dcb-report-main-aaa")).resolves.toBe(-1);

    const last = service.requests().at(-1);
    expect(last).toMatchObject({
      method: "CreateCacheEntry",
      status: 409,
      response: { code: "already_exists" },
    });
    expect(service.entries()).toHaveLength(before);
    // Not a ::warning:: — @actions/cache 6.x reports a ReserveCacheError with core.info.
    expect(output).toContain(
      "Failed to save: Unable to reserve cache with key dcb-report-main-aaa, another job may be creating this cache.",
    );
    expect(output.filter((l) => l.startsWith("::warning::"))).toEqual([]);

    const pr = await workspace("pr-immutable");
    expect(await cache.restoreCache([REPORT], "dcb-report-main-aaa")).toBe("dcb-report-main-aaa");
    expect((await readFile(join(pr, REPORT))).equals(first)).toBe(true); // entries are immutable
  });

  it("an injected Twirp error reaches the library: a read denial is a warning and a miss", async () => {
    service.fail("GetCacheEntryDownloadURL", {
      status: 403,
      code: "permission_denied",
      msg: "cache read denied: no readable scopes",
    });
    await workspace("pr-denied");
    try {
      expect(await cache.restoreCache([REPORT], "dcb-report-main-aaa")).toBeUndefined();
    } finally {
      service.fail("GetCacheEntryDownloadURL", undefined);
    }
    expect(
      output.some((l) => l.startsWith("::warning::Failed to restore:") && l.includes("cache read denied")),
    ).toBe(true);
  });
});

describe("@actions/cache when the cache service is unreachable", { timeout: TIMEOUT }, () => {
  beforeAll(async () => {
    const service = await startCacheService();
    useService(service);
    await service.stop(); // the env now points at a closed loopback port
  }, TIMEOUT);

  it("save resolves -1 with an info line; restore resolves undefined with a warning; neither throws or retries", async () => {
    const started = Date.now();
    await workspace("down-save", report("down"));
    await expect(cache.saveCache([REPORT], "dcb-report-main-down")).resolves.toBe(-1);
    expect(output.some((l) => l.startsWith("Failed to save: Unable to reserve cache with key"))).toBe(true);

    await workspace("down-restore");
    await expect(
      cache.restoreCache([REPORT], "dcb-report-main-down", ["dcb-report-main-"]),
    ).resolves.toBeUndefined();
    expect(
      output.some(
        (l) =>
          l.startsWith("::warning::Failed to restore: Failed to GetCacheEntryDownloadURL") &&
          l.includes("ECONNREFUSED"),
      ),
    ).toBe(true);
    // ECONNREFUSED is a NetworkError, which the Twirp client does not retry.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("without ACTIONS_RUNTIME_TOKEN, restore warns but save throws: guard with isFeatureAvailable and a try", async () => {
    vi.stubEnv("ACTIONS_RUNTIME_TOKEN", "");
    await workspace("no-token", report("no token"));
    await expect(cache.restoreCache([REPORT], "dcb-report-main-x")).resolves.toBeUndefined();
    await expect(cache.saveCache([REPORT], "dcb-report-main-x")).rejects.toThrow(/ACTIONS_RUNTIME_TOKEN/);

    vi.stubEnv("ACTIONS_RESULTS_URL", "");
    expect(cache.isFeatureAvailable()).toBe(false);
  });
});
