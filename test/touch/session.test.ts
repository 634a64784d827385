import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rm, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  applyTouch,
  checkTouchable,
  openRunState,
  touchTargets,
  TouchNotWritableError,
  type RunState,
  type TouchPlan,
} from "../../src/touch/index.js";
import { touchSuffix } from "../../src/touch/session.js";
import { canChattr, chattr, makeDir } from "./helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function setup(files: Record<string, string> = { "app.py": "print('hi')\n", "lib/x.py": "X = 1" }) {
  const contextDir = await makeDir(files);
  const stateDir = await makeDir({}, "dcb-state-");
  dirs.push(contextDir, stateDir);
  return { contextDir, stateDir, state: openRunState(stateDir) };
}

const plan = (path: string): TouchPlan => ({ path, reason: "test", line: null, warning: null });
const touch = (contextDir: string, state: RunState, ...paths: string[]) =>
  applyTouch(contextDir, touchTargets(contextDir, paths.map(plan)), state);
/** The original line, a newline, then the 32-blank nonce line (see touchSuffix). */
const TOUCHED = /^print\('hi'\)\n\n [ \t]{32}$/;
const mtimeNs = async (p: string) => (await stat(p, { bigint: true })).mtimeNs;

describe("applyTouch and restore", () => {
  it.each([
    { name: "microsecond-aligned mtime comes back exactly", mtime: 1_700_000_000.123456 },
    { name: "whole-second mtime comes back exactly", mtime: 1_600_000_000 },
    // Exact to the nanosecond through GNU touch (see times.ts).
    { name: "the file's own (nanosecond) mtime comes back exactly", mtime: null },
  ])("$name, content byte-identical", async ({ mtime }) => {
    const { contextDir, state } = await setup();
    const file = join(contextDir, "app.py");
    if (mtime !== null) await utimes(file, mtime, mtime);
    const before = { bytes: await readFile(file), mtime: await mtimeNs(file) };

    const session = touch(contextDir, state, "app.py");
    expect(await readFile(file, "utf8")).toMatch(TOUCHED);
    expect(existsSync(session.journalPath)).toBe(true);

    const results = session.restoreSync();
    expect(results).toEqual([
      expect.objectContaining({
        path: "app.py",
        status: "restored",
        exact: true,
        reason: null,
        mtime: "exact",
      }),
    ]);
    expect(await readFile(file)).toEqual(before.bytes);
    expect(await mtimeNs(file)).toBe(before.mtime);
    expect(existsSync(session.journalPath)).toBe(false);
    expect(session.restoreSync()).toBe(results);
  });

  it("writes the journal before touching, with what restore needs", async () => {
    const { contextDir, state } = await setup();
    const session = touch(contextDir, state, "lib/x.py", "lib/x.py");
    const journal = JSON.parse(await readFile(state.journalPath, "utf8"));
    expect(journal).toMatchObject({ version: 2, owner: { pid: process.pid, runId: state.owner.runId } });
    expect(journal.files).toHaveLength(1);
    expect(journal.files[0]).toMatchObject({
      relPath: "lib/x.py",
      size: 5,
      sha256: createHash("sha256").update("X = 1").digest("hex"),
      mtimeNs: expect.stringMatching(/^\d+$/),
    });
    session.restoreSync();
  });

  it.each([
    {
      name: "the same size, our line still at the end: our line goes, the edit stays",
      edit: (touched: string) => touched.replace("hi", "ho"),
      status: "kept-edit",
      expected: (_: string) => "print('ho')\n",
    },
    {
      name: "appended after our line: our line is cut out of the middle, the rest stays",
      edit: (touched: string) => `${touched}\nmore()\n`,
      status: "kept-edit",
      expected: (_: string) => "print('hi')\n\nmore()\n",
    },
    {
      name: "rewritten to the same size without our line: left alone",
      edit: (touched: string) => "#".repeat(touched.length),
      status: "edited",
      expected: (touched: string) => "#".repeat(touched.length),
    },
    {
      name: "saved from an editor buffer older than the touch: left alone",
      edit: (_: string) => "print('user edit')\n",
      status: "edited",
      expected: (_: string) => "print('user edit')\n",
    },
  ])("a user edit during the run is never clobbered: $name", async ({ edit, status, expected }) => {
    const { contextDir, state } = await setup();
    const file = join(contextDir, "app.py");
    const session = touch(contextDir, state, "app.py");
    const touched = await readFile(file, "utf8");
    await writeFile(file, edit(touched));
    await utimes(file, 1_650_000_000, 1_650_000_000);
    const userMtime = await mtimeNs(file);

    const [result] = session.restoreSync();
    expect(result).toMatchObject({ status, exact: false });
    expect(result?.reason).toMatch(/edited during the run/);
    expect(await readFile(file, "utf8")).toBe(expected(touched));
    // The edit's time is the user's, whether we cut our line out of it or not.
    expect(await mtimeNs(file)).toBe(userMtime);
    expect(existsSync(session.journalPath)).toBe(false);
  });

  it("a file deleted during the run is reported missing", async () => {
    const { contextDir, state } = await setup();
    const session = touch(contextDir, state, "app.py");
    await unlink(join(contextDir, "app.py"));
    expect(session.restoreSync()).toEqual([expect.objectContaining({ status: "missing", exact: false })]);
  });

  it("an append cut short (a full disk) is cut back too", async () => {
    const { contextDir, state } = await setup();
    const file = join(contextDir, "app.py");
    const session = touch(contextDir, state, "app.py");
    const touched = await readFile(file, "utf8");
    await writeFile(file, touched.slice(0, -10));
    expect(session.restoreSync()).toEqual([expect.objectContaining({ status: "restored", exact: true })]);
    expect(await readFile(file, "utf8")).toBe("print('hi')\n");
  });

  it("refuses a path reached through a symbolic link", async () => {
    const { contextDir } = await setup();
    spawnSync("ln", ["-s", "lib", join(contextDir, "alias")]);
    expect(() => touchTargets(contextDir, [plan("alias/x.py")])).toThrow(/symbolic link/);
  });
});

describe("files that cannot be touched and cut back", () => {
  it.skipIf(!canChattr(process.env.TMPDIR ?? "/tmp")).each([
    { name: "append-only", flag: "a" },
    { name: "immutable", flag: "i" },
  ])("$name: refused before anything is written", async ({ flag }) => {
    const { contextDir, state } = await setup();
    const file = join(contextDir, "app.py");
    chattr(`+${flag}`, file);
    try {
      const targets = touchTargets(contextDir, [plan("app.py")]);
      expect(() => checkTouchable(targets)).toThrow(TouchNotWritableError);
      expect(() => checkTouchable(targets)).toThrow(
        /cannot touch app\.py: EPERM \(append-only or immutable\)/,
      );
      expect(existsSync(state.journalPath)).toBe(false);
      if (flag === "i") {
        // Past the check (a race): the failed append leaves no journal and the file as it was.
        expect(() => applyTouch(contextDir, targets, state)).toThrow(/EPERM/);
        expect(existsSync(state.journalPath)).toBe(false);
      }
    } finally {
      chattr(`-${flag}`, file);
    }
    expect(await readFile(file, "utf8")).toBe("print('hi')\n");
  });

  it.skipIf(!canChattr(process.env.TMPDIR ?? "/tmp"))(
    "made append-only during the run: an error with the exact fix, and the journal stays for the next run",
    async () => {
      const { contextDir, state } = await setup();
      const file = join(contextDir, "app.py");
      const before = await mtimeNs(file);
      const session = touch(contextDir, state, "app.py");
      chattr("+a", file);
      let fix: string | null | undefined;
      try {
        const [result] = session.restoreSync();
        expect(result).toMatchObject({ status: "error", exact: false });
        expect(result?.reason).toMatch(/EPERM.*append-only/);
        fix = result?.fix;
        expect(fix).toMatch(/^truncate -s 12 -- \S+app\.py && touch -m -d @\d+\.\d{9} -- \S+app\.py$/);
        expect(existsSync(session.journalPath)).toBe(true);
      } finally {
        chattr("-a", file);
      }
      expect(spawnSync("sh", ["-c", fix ?? "false"]).status).toBe(0);
      expect(await readFile(file, "utf8")).toBe("print('hi')\n");
      expect(await mtimeNs(file)).toBe(before);
    },
  );
});

describe("touchSuffix", () => {
  it("differs between runs, so a warm build never hits the previous run's warm cache", () => {
    const seen = new Set(Array.from({ length: 50 }, () => touchSuffix()));
    expect(seen.size).toBe(50);
    for (const s of seen) expect(s).toMatch(/^\n [ \t]{32}$/);
  });
});
