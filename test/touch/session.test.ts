import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  applyTouch,
  defaultStateDir,
  journalPath,
  recoverJournal,
  TouchInProgressError,
  TouchJournalError,
  TouchJournalExistsError,
  type TouchPlan,
} from "../../src/touch/index.js";
import { touchSuffix } from "../../src/touch/session.js";
import { makeDir } from "./helpers.js";

const CHILD = fileURLToPath(new URL("./fixtures/touch-child.ts", import.meta.url));
const REPO = resolve(fileURLToPath(new URL("../..", import.meta.url)));

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function setup(files: Record<string, string> = { "app.py": "print('hi')\n", "lib/x.py": "X = 1" }) {
  const contextDir = await makeDir(files);
  const stateDir = await makeDir({}, "dcb-state-");
  dirs.push(contextDir, stateDir);
  return { contextDir, stateDir };
}

const plan = (path: string): TouchPlan => ({ path, reason: "test", line: null, warning: null });
/** The original line, a newline, then the 32-blank nonce line (see touchSuffix). */
const TOUCHED = /^print\('hi'\)\n\n [ \t]{32}$/;
const mtimeNs = async (p: string) => (await stat(p, { bigint: true })).mtimeNs;

describe("applyTouch and restore", () => {
  it.each([
    { name: "microsecond-aligned mtime comes back exactly", mtime: 1_700_000_000.123456, exact: true },
    { name: "whole-second mtime comes back exactly", mtime: 1_600_000_000, exact: true },
    // Exact to the nanosecond through GNU touch (see restore.ts); to the microsecond without it.
    { name: "the file's own (nanosecond) mtime comes back exactly", mtime: null, exact: true },
  ])("$name, content byte-identical", async ({ mtime, exact }) => {
    const paths = await setup();
    const file = join(paths.contextDir, "app.py");
    if (mtime !== null) await utimes(file, mtime, mtime);
    const before = { bytes: await readFile(file), mtime: await mtimeNs(file) };

    const session = await applyTouch([plan("app.py")], paths);
    expect(await readFile(file, "utf8")).toMatch(TOUCHED);
    expect(existsSync(session.journalPath)).toBe(true);

    const results = await session.restore();
    expect(results).toEqual([
      expect.objectContaining({ path: "app.py", restored: true, status: "restored", reason: null }),
    ]);
    expect(await readFile(file)).toEqual(before.bytes);
    const after = await mtimeNs(file);
    if (exact) expect(after).toBe(before.mtime);
    else expect(after / 1000n).toBe(before.mtime / 1000n);
    expect(results[0]?.mtime).toBe(after === before.mtime ? "exact" : "microsecond");
    expect(existsSync(session.journalPath)).toBe(false);
  });

  it("writes the journal before touching, with what restore needs", async () => {
    const paths = await setup();
    const session = await applyTouch([plan("lib/x.py"), plan("lib/x.py")], paths);
    const journal = JSON.parse(await readFile(journalPath(paths.contextDir, paths.stateDir), "utf8"));
    expect(journal).toMatchObject({ version: 1, pid: process.pid });
    expect(journal.files).toHaveLength(1);
    expect(journal.files[0]).toMatchObject({
      relPath: "lib/x.py",
      size: 5,
      sha256: createHash("sha256").update("X = 1").digest("hex"),
      mtimeNs: expect.stringMatching(/^\d+$/),
    });
    await session.restore();
  });

  it.each([
    {
      name: "edited after the touch: left alone",
      change: (file: string) => writeFile(file, "print('user edit')\n"),
      status: "edited",
      content: "print('user edit')\n",
    },
    {
      name: "edited by appending: left alone",
      change: (file: string) => writeFile(file, "print('hi')\n\nmore\n"),
      status: "edited",
      content: "print('hi')\n\nmore\n",
    },
    {
      name: "deleted after the touch",
      change: (file: string) => unlink(file),
      status: "missing",
      content: null,
    },
  ])("does not clobber user changes: $name", async ({ change, status, content }) => {
    const paths = await setup();
    const file = join(paths.contextDir, "app.py");
    const session = await applyTouch([plan("app.py")], paths);
    await change(file);
    const [result] = await session.restore();
    expect(result).toMatchObject({ restored: false, status });
    expect(result?.reason).toBeTruthy();
    expect(existsSync(file) ? await readFile(file, "utf8") : null).toBe(content);
    expect(existsSync(session.journalPath)).toBe(false);
  });

  it("restore is idempotent and removes its signal handlers", async () => {
    const paths = await setup();
    const counts = () => ["SIGINT", "SIGTERM", "SIGHUP", "exit"].map((s) => process.listenerCount(s));
    const before = counts();
    const session = await applyTouch([plan("app.py")], paths);
    expect(counts()).toEqual(before.map((n) => n + 1));
    const first = session.restoreSync();
    expect(await session.restore()).toBe(first);
    expect(counts()).toEqual(before);
  });

  it("refuses to touch while an earlier journal is unrecovered", async () => {
    const paths = await setup();
    const session = await applyTouch([plan("app.py")], paths);
    await expect(applyTouch([plan("lib/x.py")], paths)).rejects.toThrow(TouchJournalExistsError);
    await session.restore();
  });
});

function startChild(paths: { contextDir: string; stateDir: string }, file: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, paths.contextDir, paths.stateDir, file], {
    cwd: REPO,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((ok, fail) => {
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => d.toString().includes("touched") && ok(child));
    child.on("exit", (code) => fail(new Error(`child exited (${code}) before touching: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((ok) => child.once("exit", (code, signal) => ok({ code, signal })));
}

describe("interrupted runs (child processes)", () => {
  it("SIGTERM while touched: restores, then dies by SIGTERM", { timeout: 30_000 }, async () => {
    const paths = await setup();
    const file = join(paths.contextDir, "app.py");
    const child = await startChild(paths, "app.py");
    expect(await readFile(file, "utf8")).toMatch(TOUCHED);
    child.kill("SIGTERM");
    expect(await exited(child)).toEqual({ code: null, signal: "SIGTERM" });
    expect(await readFile(file, "utf8")).toBe("print('hi')\n");
    expect(existsSync(journalPath(paths.contextDir, paths.stateDir))).toBe(false);
  });

  it("SIGKILL while touched: the next run's recoverJournal restores", { timeout: 30_000 }, async () => {
    const paths = await setup();
    const file = join(paths.contextDir, "app.py");
    const before = await mtimeNs(file);
    const child = await startChild(paths, "app.py");
    child.kill("SIGKILL");
    await exited(child);
    expect(await readFile(file, "utf8")).toMatch(TOUCHED);

    const results = await recoverJournal(paths);
    expect(results).toEqual([
      expect.objectContaining({ path: "app.py", restored: true, status: "restored" }),
    ]);
    expect(await readFile(file, "utf8")).toBe("print('hi')\n");
    expect(await mtimeNs(file)).toBe(before);
    expect(existsSync(journalPath(paths.contextDir, paths.stateDir))).toBe(false);
    expect(await recoverJournal(paths)).toEqual([]);
  });

  it(
    "SIGKILL, then the user edits: recoverJournal reports it and keeps the edit",
    { timeout: 30_000 },
    async () => {
      const paths = await setup();
      const file = join(paths.contextDir, "app.py");
      const child = await startChild(paths, "app.py");
      child.kill("SIGKILL");
      await exited(child);
      await writeFile(file, "print('mine')\n");
      const [result] = await recoverJournal(paths);
      expect(result).toMatchObject({ path: "app.py", restored: false, status: "edited" });
      expect(await readFile(file, "utf8")).toBe("print('mine')\n");
    },
  );

  it("a live run's journal is not recovered from under it", { timeout: 30_000 }, async () => {
    const paths = await setup();
    const child = await startChild(paths, "app.py");
    try {
      await expect(recoverJournal(paths)).rejects.toThrow(TouchInProgressError);
    } finally {
      child.kill("SIGTERM");
      await exited(child);
    }
    expect(await readFile(join(paths.contextDir, "app.py"), "utf8")).toBe("print('hi')\n");
  });
});

describe("journal edge cases", () => {
  it("a corrupt journal is reported, not guessed at", async () => {
    const paths = await setup();
    await writeFile(journalPath(paths.contextDir, paths.stateDir), "{ not json");
    await expect(recoverJournal(paths)).rejects.toThrow(TouchJournalError);
  });

  it.each([
    { name: "env var wins", env: { DOCKER_CACHE_BENCH_STATE_DIR: "/var/dcb" }, expected: "/var/dcb" },
    {
      name: "empty env var is ignored",
      env: { DOCKER_CACHE_BENCH_STATE_DIR: "" },
      expected: /docker-cache-bench$/,
    },
    { name: "default under the temp dir", env: {}, expected: /docker-cache-bench$/ },
  ])("defaultStateDir: $name", ({ env, expected }) => {
    if (typeof expected === "string") expect(defaultStateDir(env)).toBe(expected);
    else expect(defaultStateDir(env)).toMatch(expected);
  });
});

describe("touchSuffix", () => {
  it("differs between runs, so a warm build never hits the previous run's warm cache", () => {
    const seen = new Set(Array.from({ length: 50 }, () => touchSuffix()));
    expect(seen.size).toBe(50);
    for (const s of seen) expect(s).toMatch(/^\n [ \t]{32}$/);
  });
});
