// readBaselineFile (the user's explicit `baseline: <path>`: errors throw and name the path) and the
// never-throw contract of save/restore with fake cache modules that fail in ways the real one can.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readBaselineFile, restoreBaseline, saveBaseline } from "../../src/baseline/cache-store.js";
import type { CacheModule } from "../../src/baseline/cache-store.js";
import { cacheFailureReason, parseCacheMessage } from "../../src/baseline/cache-messages.js";
import { BaselineFileError } from "../../src/baseline/errors.js";
import { makeReport, step } from "../support/report.js";

const report = makeReport({ warm: [step("RUN make", "cached", 0, 4)] });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dcb-baseline-file-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("readBaselineFile", () => {
  it("reads a report", async () => {
    const path = join(dir, "ok.json");
    await writeFile(path, JSON.stringify(report));
    expect(await readBaselineFile(path)).toEqual(report);
  });

  it.each([
    { name: "a missing file", file: "missing.json", content: null, why: "no such file" },
    {
      name: "a file that is not JSON",
      file: "text.json",
      content: "root:*:19000:0:99999:7:::",
      why: "not valid JSON",
    },
    { name: "an empty file", file: "empty.json", content: "", why: "empty" },
    {
      name: "JSON that is not a report",
      file: "other.json",
      content: '{"schemaVersion":1}',
      why: "not a docker-cache-bench report",
    },
  ])("throws a BaselineFileError naming the path for $name", async ({ file, content, why }) => {
    const path = join(dir, file);
    if (content !== null) await writeFile(path, content);
    const error = await readBaselineFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BaselineFileError);
    expect(error).toMatchObject({ name: "BaselineFileError", path });
    expect((error as Error).message).toMatch(new RegExp(`^baseline file ${path}: ${why}`));
    // Never what is in the file: it may be anything the user pointed at.
    if (content) expect((error as Error).message).not.toContain(content.slice(0, 6));
  });
});

describe("save and restore never throw", () => {
  const fake = (overrides: Partial<CacheModule>): CacheModule => ({
    isFeatureAvailable: () => true,
    saveCache: () => Promise.resolve(1),
    restoreCache: () => Promise.resolve(undefined),
    ...overrides,
  });
  const at = () => ({ benchmarkId: "web", branch: "main", commit: "ab".repeat(20), workDir: dir });
  const initialCwd = process.cwd();

  // The workDir must be the cwd and GITHUB_WORKSPACE; keep the repository itself out of it.
  beforeAll(() => {
    process.chdir(dir);
    vi.stubEnv("GITHUB_WORKSPACE", dir);
  });
  afterAll(() => {
    process.chdir(initialCwd);
    vi.unstubAllEnvs();
  });

  it.each([
    { name: "saveCache rejects", cache: fake({ saveCache: () => Promise.reject(new Error("boom")) }) },
    {
      name: "isFeatureAvailable throws",
      cache: fake({
        isFeatureAvailable: () => {
          throw new Error("boom");
        },
      }),
    },
  ])("save: $name", async ({ cache }) => {
    const r = await saveBaseline(report, at(), cache);
    expect(r).toMatchObject({ saved: false, warning: expect.stringMatching(/^baseline not saved: /) });
  });

  it("save: an invalid report is not stored", async () => {
    let calls = 0;
    const cache = fake({ saveCache: () => Promise.resolve(++calls) });
    const r = await saveBaseline({ ...report, schemaVersion: 2 } as never, at(), cache);
    expect(r).toMatchObject({ saved: false, warning: expect.stringContaining("schemaVersion") });
    expect(calls).toBe(0);
  });

  it("restore: restoreCache rejects (as it does on a ValidationError)", async () => {
    const cache = fake({ restoreCache: () => Promise.reject(new Error("Key Validation Error")) });
    expect(await restoreBaseline(at(), cache)).toEqual({
      report: null,
      warning: "no baseline restored: Key Validation Error",
    });
  });

  it("restore: a hit whose file never appeared is a warning", async () => {
    const cache = fake({ restoreCache: (_p, key) => Promise.resolve(key) });
    expect(await restoreBaseline(at(), cache)).toMatchObject({
      report: null,
      warning: expect.stringContaining("does not hold a valid report"),
    });
  });
});

describe("@actions/cache log lines", () => {
  it.each([
    {
      name: "a warning command, unescaped",
      line: "::warning::Failed to restore: a%0Ab%25",
      message: "Failed to restore: a\nb%",
    },
    {
      name: "an info verdict",
      line: "Failed to save: Unable to reserve cache",
      message: "Failed to save: Unable to reserve cache",
    },
    {
      name: "the debug line with the reservation's reason",
      line: "::debug::Failed to reserve cache: Error: (409) Conflict",
      message: "Failed to reserve cache: (409) Conflict",
    },
    { name: "other debug lines", line: "::debug::Cache Paths:", message: null },
    { name: "progress", line: "Sent 728 of 728 (100.0%)", message: null },
  ])("$name", ({ line, message }) => {
    expect(parseCacheMessage(line)).toBe(message);
  });

  it("the reason prefers the reservation's, then the last verdict, first line only", () => {
    expect(cacheFailureReason(["Failed to save: x", "Failed to reserve cache: y\nhint"])).toBe(
      "Failed to reserve cache: y",
    );
    expect(cacheFailureReason(["Failed to restore: a\nhint", "Cache reservation failed: b"])).toBe(
      "Failed to restore: a",
    );
    expect(cacheFailureReason(["Cache reservation failed: b", "some other warning"])).toBeNull();
    expect(cacheFailureReason([])).toBeNull();
  });
});
