// saveBaseline/restoreBaseline through @actions/cache's real code against the loopback cache
// service (test/support/cache-service: Twirp v2 + Azurite). Env and cwd are set the way the
// service's README says: @actions/cache reads the env at call time, globs from the cwd and archives
// relative to GITHUB_WORKSPACE. Each "checkout" is its own directory, as on separate runners.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as cache from "@actions/cache";
import { BASELINE_PATH, restoreBaseline, saveBaseline } from "../../src/baseline/cache-store.js";
import { baselineKey } from "../../src/baseline/keys.js";
import { startCacheService } from "../support/cache-service/server.js";
import type { CacheService } from "../support/cache-service/server.js";
import { makeReport, step } from "../support/report.js";

const TIMEOUT = 60_000;
const C1 = "c1".repeat(20);
const C2 = "c2".repeat(20);
const C3 = "c3".repeat(20);
const ID = "web";

const initialCwd = process.cwd();
let root: string;
let output: string[] = [];

/** A fresh checkout, made the cwd and GITHUB_WORKSPACE as on a runner. */
async function checkout(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  vi.stubEnv("GITHUB_WORKSPACE", dir);
  process.chdir(dir);
  return dir;
}

const reportOf = (coldSeconds: number) =>
  makeReport({ warm: [step("RUN make", "done", 1.5, 4)], coldSeconds });
const at = (workDir: string, branch: string, commit: string, benchmarkId = ID) => ({
  benchmarkId,
  branch,
  commit,
  workDir,
});

function useService(service: CacheService): void {
  for (const [name, value] of Object.entries(service.env)) vi.stubEnv(name, value);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "dcb-baseline-test-"));
  vi.stubEnv("RUNNER_TEMP", join(root, "runner-temp")); // else @actions/cache uses /home/actions/temp
  vi.stubEnv("RUNNER_DEBUG", "");
  // The library's info/warning lines go to stdout; keep them for assertions, out of the test log.
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    output.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  });
});

beforeEach(() => {
  output = [];
});

afterAll(async () => {
  vi.mocked(process.stdout.write).mockRestore();
  process.chdir(initialCwd);
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

describe("baselines in the loopback cache service", { timeout: TIMEOUT }, () => {
  let service: CacheService;
  const r1 = reportOf(31);
  const r2 = reportOf(32);

  beforeAll(async () => {
    service = await startCacheService();
    useService(service);
    for (const [name, commit, report] of [["push-c1", C1, r1] as const, ["push-c2", C2, r2] as const]) {
      const saved = await saveBaseline(report, at(await checkout(name), "main", commit));
      expect(saved).toEqual({ saved: true, key: baselineKey(at("", "main", commit)), warning: null });
    }
  }, TIMEOUT);
  afterAll(() => service.stop());

  it("saves one entry per pushed commit and leaves nothing in the workspace", async () => {
    expect(service.entries().map((e) => e.key)).toEqual([
      `docker-cache-bench-v1:web:main:${C1}`,
      `docker-cache-bench-v1:web:main:${C2}`,
    ]);
    expect(existsSync(join(root, "push-c1", ".docker-cache-bench"))).toBe(false);
  });

  it("restores the base commit's own baseline as an exact hit", async () => {
    const ws = await checkout("pr-base-c1");
    expect(await restoreBaseline(at(ws, "main", C1))).toEqual({
      report: r1,
      key: `docker-cache-bench-v1:web:main:${C1}`,
      commit: C1,
      exact: true,
    });
    expect(existsSync(join(ws, BASELINE_PATH))).toBe(false);
  });

  it("falls back to the branch's newest baseline when the base commit has none", async () => {
    const ws = await checkout("pr-base-c3");
    expect(await restoreBaseline(at(ws, "main", C3))).toMatchObject({ report: r2, commit: C2, exact: false });
    const call = service.requests().at(-1);
    expect(call?.body).toMatchObject({
      key: `docker-cache-bench-v1:web:main:${C3}`,
      restore_keys: ["docker-cache-bench-v1:web:main:"],
    });
  });

  it("never hands over another branch's or benchmark's baseline, even a newer one", async () => {
    await saveBaseline(reportOf(40), at(await checkout("push-main-old"), "main-old", C3));
    await saveBaseline(reportOf(41), at(await checkout("push-web-api"), "main", C3, "web-api"));
    const ws = await checkout("pr-after-others");
    expect(await restoreBaseline(at(ws, "main", C3))).toMatchObject({ report: r2, commit: C2, exact: false });
    expect(await restoreBaseline(at(ws, "release", C1))).toEqual({ report: null, warning: null });
  });

  it("a first run (nothing stored yet) is a miss without a warning", async () => {
    const ws = await checkout("pr-first-run");
    expect(await restoreBaseline(at(ws, "main", C1, "new-benchmark"))).toEqual({
      report: null,
      warning: null,
    });
    expect(output.filter((l) => l.startsWith("::warning::"))).toEqual([]);
  });

  it("a stored file that is not a report comes back as a warning", async () => {
    const ws = await checkout("push-corrupt");
    await mkdir(join(ws, ".docker-cache-bench"));
    await writeFile(join(ws, BASELINE_PATH), '{"schemaVersion": 99}\n');
    expect(await cache.saveCache([BASELINE_PATH], baselineKey(at(ws, "corrupt", C1)))).toBeGreaterThan(0);

    const pr = await checkout("pr-corrupt");
    const r = await restoreBaseline(at(pr, "corrupt", C1));
    expect(r.report).toBeNull();
    expect(r).toMatchObject({
      warning: expect.stringMatching(
        /does not hold a valid report: not a docker-cache-bench report .*schemaVersion/,
      ),
    });
    expect(existsSync(join(pr, BASELINE_PATH))).toBe(false);
  });

  it("saving an existing key again is a warning, and the first entry stays", async () => {
    const again = await saveBaseline(reportOf(99), at(await checkout("push-c1-rerun"), "main", C1));
    expect(again).toEqual({
      saved: false,
      key: baselineKey(at("", "main", C1)),
      warning: expect.stringMatching(
        /^baseline not saved: Failed to reserve cache: .*\(409\) Conflict.* the first one stays\)$/,
      ),
    });
    const ws = await checkout("pr-after-rerun");
    expect(await restoreBaseline(at(ws, "main", C1))).toMatchObject({ report: r1, exact: true });
  });

  it("a read the service denies is a warning that carries its reason", async () => {
    service.fail("GetCacheEntryDownloadURL", {
      status: 403,
      code: "permission_denied",
      msg: "cache read denied: no scopes",
    });
    try {
      const r = await restoreBaseline(at(await checkout("pr-denied"), "main", C1));
      expect(r).toEqual({ report: null, warning: expect.stringContaining("cache read denied: no scopes") });
    } finally {
      service.fail("GetCacheEntryDownloadURL", undefined);
    }
  });

  it("refuses a workDir that is not the cwd, before calling the service", async () => {
    const elsewhere = join(root, "push-c1");
    await checkout("unrelated-cwd");
    const calls = service.requests().length;
    expect(await saveBaseline(r1, at(elsewhere, "main", "ff".repeat(20)))).toMatchObject({
      saved: false,
      warning: expect.stringContaining("must be both the current directory"),
    });
    expect(await restoreBaseline(at(elsewhere, "main", C1))).toMatchObject({ report: null });
    expect(service.requests()).toHaveLength(calls);
  });
});

describe("when the cache service is down or absent", { timeout: TIMEOUT }, () => {
  beforeAll(async () => {
    const service = await startCacheService();
    useService(service);
    await service.stop(); // the env now points at a closed port
  }, TIMEOUT);

  it("save and restore resolve with warnings instead of throwing", async () => {
    const ws = await checkout("down");
    expect(await saveBaseline(reportOf(1), at(ws, "main", C1))).toMatchObject({
      saved: false,
      warning: expect.stringMatching(/^baseline not saved: Failed to reserve cache: .*ECONNREFUSED$/),
    });
    expect(await restoreBaseline(at(ws, "main", C1))).toEqual({
      report: null,
      warning: expect.stringMatching(/^no baseline restored: Failed to restore: .*ECONNREFUSED$/),
    });
    expect(existsSync(join(ws, ".docker-cache-bench"))).toBe(false);
  });

  it("without a runtime token, where saveCache throws, save still resolves with a warning", async () => {
    vi.stubEnv("ACTIONS_RUNTIME_TOKEN", "");
    const ws = await checkout("no-token");
    expect(await saveBaseline(reportOf(1), at(ws, "main", C1))).toMatchObject({
      saved: false,
      warning: expect.stringContaining("ACTIONS_RUNTIME_TOKEN"),
    });
    expect(await restoreBaseline(at(ws, "main", C1))).toMatchObject({
      report: null,
      warning: expect.any(String),
    });
  });

  it("off a runner (no service URL) both say the service is not available", async () => {
    vi.stubEnv("ACTIONS_RESULTS_URL", "");
    const ws = await checkout("no-service");
    expect((await saveBaseline(reportOf(1), at(ws, "main", C1))).warning).toContain(
      "cache service not available",
    );
    expect(await restoreBaseline(at(ws, "main", C1))).toEqual({
      report: null,
      warning: expect.stringContaining("cache service not available"),
    });
  });
});
