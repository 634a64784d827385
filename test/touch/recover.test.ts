// What a killed run leaves behind, and what a planted or foreign journal must never make us do.
import { existsSync } from "node:fs";
import { chmod, chown, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openRunState, recoverDeadRuns, UntrustedStateError } from "../../src/touch/index.js";
import { exited, makeDir, plantJournal as plant, startFixture } from "./helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function setup() {
  const contextDir = await makeDir({ "app.py": "print('hi')\n" });
  const stateDir = await makeDir({}, "dcb-state-");
  dirs.push(contextDir, stateDir);
  return { contextDir, stateDir, file: join(contextDir, "app.py") };
}

const TOUCHED = /^print\('hi'\)\n\n [ \t]{32}$/;
const mtimeNs = async (p: string) => (await stat(p, { bigint: true })).mtimeNs;

describe("a run killed while touched", () => {
  it(
    "SIGTERM: the guard restores, then the process dies by SIGTERM, leaving nothing",
    { timeout: 30_000 },
    async () => {
      const { contextDir, stateDir, file } = await setup();
      const before = await mtimeNs(file);
      const child = await startFixture("touch-child.ts", [contextDir, stateDir, "app.py"], "touched");
      expect(await readFile(file, "utf8")).toMatch(TOUCHED);
      child.kill("SIGTERM");
      expect(await exited(child)).toEqual({ code: null, signal: "SIGTERM" });
      expect(await readFile(file, "utf8")).toBe("print('hi')\n");
      expect(await mtimeNs(file)).toBe(before);
      expect(await readdir(join(stateDir, "runs"))).toEqual([]);
      expect(await readdir(join(stateDir, "locks"))).toEqual([]);
    },
  );

  it("SIGKILL: the next run restores it and removes the run's leftovers", { timeout: 30_000 }, async () => {
    const { contextDir, stateDir, file } = await setup();
    const before = await mtimeNs(file);
    const child = await startFixture("touch-child.ts", [contextDir, stateDir, "app.py"], "touched");
    child.kill("SIGKILL");
    await exited(child);
    expect(await readFile(file, "utf8")).toMatch(TOUCHED);

    const next = openRunState(stateDir);
    const notes = await recoverDeadRuns(next);
    expect(notes).toEqual([
      expect.objectContaining({
        level: "restored",
        message: expect.stringMatching(
          new RegExp(`^restored app\\.py, left touched by a killed run \\(pid ${child.pid} on host `),
        ),
      }),
    ]);
    expect(await readFile(file, "utf8")).toBe("print('hi')\n");
    expect(await mtimeNs(file)).toBe(before);
    expect(await readdir(join(stateDir, "runs"))).toEqual([next.owner.runId]);
    expect(await readdir(join(stateDir, "locks"))).toEqual([]);
    expect(await recoverDeadRuns(next)).toEqual([]);
  });

  it("a live run's journal is left alone", { timeout: 30_000 }, async () => {
    const { contextDir, stateDir, file } = await setup();
    const child = await startFixture("touch-child.ts", [contextDir, stateDir, "app.py"], "touched");
    try {
      expect(await recoverDeadRuns(openRunState(stateDir))).toEqual([]);
      expect(await readFile(file, "utf8")).toMatch(TOUCHED);
    } finally {
      child.kill("SIGTERM");
      await exited(child);
    }
    expect(await readFile(file, "utf8")).toBe("print('hi')\n");
  });
});

describe("journals that must not be acted on", () => {
  it("naming a file outside its context: refused, the file untouched byte for byte", async () => {
    const { contextDir, stateDir } = await setup();
    const outside = await makeDir({ "secret.txt": "keep me\n" }, "dcb-outside-");
    dirs.push(outside);
    const secret = join(outside, "secret.txt");
    await plant(stateDir, contextDir, [{ path: secret, relPath: "secret.txt" }]);
    const before = { bytes: await readFile(secret), mtime: await mtimeNs(secret) };

    const notes = await recoverDeadRuns(openRunState(stateDir));
    expect(notes).toEqual([
      expect.objectContaining({
        level: "notice",
        message: expect.stringMatching(
          /refusing the touch journal .* which is not secret\.txt inside its build context/,
        ),
      }),
    ]);
    expect(await readFile(secret)).toEqual(before.bytes);
    expect(await mtimeNs(secret)).toBe(before.mtime);
  });

  it("reaching outside through a symlink inside the context: refused", async () => {
    const { contextDir, stateDir } = await setup();
    const outside = await makeDir({ "secret.txt": "keep me\n" }, "dcb-outside-");
    dirs.push(outside);
    await symlink(outside, join(contextDir, "out"));
    const secret = join(outside, "secret.txt");
    await plant(stateDir, contextDir, [
      { path: join(contextDir, "out", "secret.txt"), relPath: "out/secret.txt" },
    ]);
    const before = await readFile(secret);
    const notes = await recoverDeadRuns(openRunState(stateDir));
    expect(notes[0]?.message).toMatch(/resolves to a file outside its build context/);
    expect(await readFile(secret)).toEqual(before);
  });

  it.skipIf(process.getuid?.() !== 0)("owned by another user: refused", async () => {
    const { contextDir, stateDir, file } = await setup();
    const dir = await plant(stateDir, contextDir, [{ path: file, relPath: "app.py" }]);
    await chown(join(dir, "journal.json"), 65534, 65534);
    const notes = await recoverDeadRuns(openRunState(stateDir));
    expect(notes[0]?.message).toMatch(/belongs to uid 65534, not to you/);
    expect(await readFile(file, "utf8")).toMatch(TOUCHED);
  });

  it("writable by others: refused", async () => {
    const { contextDir, stateDir, file } = await setup();
    const dir = await plant(stateDir, contextDir, [{ path: file, relPath: "app.py" }]);
    await chmod(join(dir, "journal.json"), 0o666);
    const notes = await recoverDeadRuns(openRunState(stateDir));
    expect(notes[0]?.message).toMatch(/writable by other users \(mode 666\)/);
    expect(await readFile(file, "utf8")).toMatch(TOUCHED);
  });

  it("a file that no longer matches the recorded hash: left as it is", async () => {
    const { contextDir, stateDir, file } = await setup();
    await plant(stateDir, contextDir, [{ path: file, relPath: "app.py" }]);
    await writeFile(file, "print('mine')\n");
    const notes = await recoverDeadRuns(openRunState(stateDir));
    expect(notes).toEqual([
      expect.objectContaining({
        level: "notice",
        message: expect.stringMatching(/^app\.py, touched by a killed run .*edited during the run/),
      }),
    ]);
    expect(await readFile(file, "utf8")).toBe("print('mine')\n");
  });
});

describe("the state directory", () => {
  it.each([
    { name: "writable by others", mode: 0o777, message: /writable by other users \(mode 777\)/ },
    { name: "group-writable", mode: 0o770, message: /writable by other users \(mode 770\)/ },
  ])("$name: refused before anything is written", async ({ mode, message }) => {
    const stateDir = await makeDir({}, "dcb-state-");
    dirs.push(stateDir);
    await chmod(stateDir, mode);
    expect(() => openRunState(stateDir)).toThrow(UntrustedStateError);
    expect(() => openRunState(stateDir)).toThrow(message);
    expect(await readdir(stateDir)).toEqual([]);
  });

  it("created 0700 when missing", async () => {
    const parent = await makeDir({}, "dcb-state-");
    dirs.push(parent);
    const state = openRunState(join(parent, "a", "b"));
    expect((await stat(join(parent, "a", "b"))).mode & 0o777).toBe(0o700);
    state.removeSync();
    expect(existsSync(state.dir)).toBe(false);
  });

  it.skipIf(process.getuid?.() !== 0)("owned by another user: refused", async () => {
    const stateDir = await makeDir({}, "dcb-state-");
    dirs.push(stateDir);
    await chown(stateDir, 65534, 65534);
    expect(() => openRunState(stateDir)).toThrow(/belongs to uid 65534/);
  });
});
