// Restore must cut a file back only when it is exactly "original + what the touch appended".
// These edits happen while the warm build runs and keep the file's size, so only the content
// checks (the hash of the original prefix, the appended tail) can tell them from our touch; the
// user's bytes and modification time must survive each of them.
import { spawnSync } from "node:child_process";
import { readdirSync, readlinkSync } from "node:fs";
import { mkdir, readFile, rm, stat, symlink, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyTouch, openRunState, touchTargets, type TouchPlan } from "../../src/touch/index.js";
import { restoreFileSync } from "../../src/touch/restore.js";
import { makeDir, ORIGINAL_MTIME_S, touchedFile } from "./helpers.js";

const ORIGINAL = "print('hi')\n";
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function touched() {
  const contextDir = await makeDir({ "app.py": ORIGINAL });
  const stateDir = await makeDir({}, "dcb-state-");
  dirs.push(contextDir, stateDir);
  const plan: TouchPlan = { path: "app.py", reason: "test", line: null, warning: null };
  const session = applyTouch(contextDir, touchTargets(contextDir, [plan]), openRunState(stateDir));
  const file = join(contextDir, "app.py");
  const touchedText = await readFile(file, "utf8");
  expect(touchedText.startsWith(ORIGINAL)).toBe(true);
  return { session, file, touchedText, appended: touchedText.slice(ORIGINAL.length) };
}

const mtimeNs = async (p: string) => (await stat(p, { bigint: true })).mtimeNs;
/** Writes the user's edit with a modification time of its own, and returns that time. */
async function userEdit(file: string, text: string): Promise<bigint> {
  await writeFile(file, text);
  await utimes(file, 1_650_000_000, 1_650_000_000);
  return mtimeNs(file);
}

// Names under 40 characters: Vitest cuts a longer $name short with "…".
describe("restore keeps a same-size edit made during the warm build", () => {
  it.each([
    {
      name: "original edited, our line still at end",
      edit: (t: string) => t.replace("hi", "yo"),
      status: "kept-edit",
      after: () => "print('yo')\n",
    },
    {
      name: "our blanks overwritten, same length",
      edit: (_: string, appended: string) => ORIGINAL + "#".repeat(appended.length),
      status: "edited",
      after: (user: string) => user,
    },
    {
      name: "our line gone, edited at original size",
      edit: () => ORIGINAL.replace("hi", "yo"),
      status: "edited",
      after: (user: string) => user,
    },
  ])("$name", async ({ edit, status, after }) => {
    const { session, file, touchedText, appended } = await touched();
    const user = edit(touchedText, appended);
    expect(user).not.toBe(touchedText);
    expect(user).not.toBe(ORIGINAL);
    // Same size as the touched file or as the original: nothing but the content tells them apart.
    expect([ORIGINAL.length, touchedText.length]).toContain(Buffer.byteLength(user));
    const userMtime = await userEdit(file, user);

    const [result] = session.restoreSync();
    expect(result).toMatchObject({ path: "app.py", status, exact: false, mtime: "not-restored" });
    expect(result?.reason).toMatch(/edited during the run/);
    expect(await readFile(file, "utf8")).toBe(after(user));
    expect(await mtimeNs(file)).toBe(userMtime);
  });
});

describe("restore of a file already back to its original content", () => {
  it("is reported unchanged, with its original bytes and mtime", async () => {
    const { session, file } = await touched();
    const before = session.files[0];
    await writeFile(file, ORIGINAL);
    const [result] = session.restoreSync();
    expect(result).toMatchObject({ status: "unchanged", exact: true, reason: null, mtime: "exact" });
    expect(await readFile(file, "utf8")).toBe(ORIGINAL);
    expect(String(await mtimeNs(file))).toBe(before?.mtimeNs);
  });
});

describe("restore of a path that is no longer our file", () => {
  it("replaced by a directory: not written, reported as an error with its reason", async () => {
    const { session, file } = await touched();
    await unlink(file);
    await mkdir(file);
    const [result] = session.restoreSync();
    expect(result).toMatchObject({ status: "error", exact: false, mtime: "not-restored" });
    expect(result?.reason).toMatch(/cannot open it for writing: EISDIR/);
    expect((await stat(file)).isDirectory()).toBe(true);
  });

  it("replaced by a symlink to a copy of the touched file: left alone, the copy too", async () => {
    const { session, file, touchedText } = await touched();
    await writeFile(`${file}.copy`, touchedText);
    await unlink(file);
    await symlink(`${file}.copy`, file);
    const [result] = session.restoreSync();
    expect(result).toMatchObject({
      status: "edited",
      exact: false,
      reason: "it was replaced by a symbolic link; left alone",
      mtime: "not-restored",
    });
    expect(await readFile(`${file}.copy`, "utf8")).toBe(touchedText);
  });
});

/** The fix restore prints when it leaves our line in a file: where, and what to look for. */
const leftover = (path: string) =>
  `check the end of ${path} for a line of 33 spaces and tabs the touch appended, and delete it`;
const LONG = "import os\n" + "x = 1\n".repeat(20);
async function touchedLong(): ReturnType<typeof touchedFile> {
  const f = await touchedFile(LONG);
  dirs.push(f.dir);
  return f;
}

describe("restore of a file edited during the run, by restoreFileSync", () => {
  it.each([
    {
      name: "cut below its original size, line gone",
      user: () => "x\n",
      status: "edited",
      reason: "the line the touch appended is no longer in it as a whole",
      after: () => "x\n",
    },
    {
      name: "cut below its original size, line kept",
      user: (appended: string) => `import os\n${appended}`,
      status: "kept-edit",
      reason: null,
      after: () => "import os\n",
    },
    {
      name: "our line pasted twice",
      user: (appended: string) => `${LONG}${appended}y = 2\n${appended}`,
      status: "edited",
      reason: "the line the touch appended is in it more than once",
      after: (_: string, user: string) => user,
    },
  ])("$name", async ({ user, status, reason, after }) => {
    const { path, rec, appended } = await touchedLong();
    const text = user(appended);
    await writeFile(path, text);
    const result = restoreFileSync(rec);
    expect(result.status).toBe(status);
    if (reason) {
      expect(result.reason).toBe(`it was edited during the run and ${reason}; left as it is`);
      expect(result.fix).toBe(leftover(path));
    }
    expect(await readFile(path, "utf8")).toBe(after(appended, text));
  });

  // Source files are far smaller; a file this large is not read whole to look for one line.
  it.each([
    { name: "64 MiB after the edit: searched", extra: 0, status: "kept-edit" },
    { name: "one byte more: not searched", extra: 1, status: "edited" },
  ])("$name", async ({ extra, status }) => {
    const { path, rec, appended } = await touchedLong();
    const pad = 64 * 1024 * 1024 - LONG.length - appended.length + extra;
    const user = Buffer.concat([Buffer.from(LONG + appended), Buffer.alloc(pad, "#")]);
    await writeFile(path, user);
    const result = restoreFileSync(rec);
    expect(result.status).toBe(status);
    if (status === "edited") {
      expect(result.reason).toBe(
        "it was edited during the run and it is too large to search for the touch's line; left as it is",
      );
      expect((await stat(path)).size).toBe(user.length);
    } else {
      expect((await stat(path)).size).toBe(user.length - appended.length);
    }
  });

  it("a file replaced by a named pipe: not read, not written, left alone", async () => {
    const { path, rec } = await touchedLong();
    await unlink(path);
    expect(spawnSync("mkfifo", [path]).status).toBe(0);
    expect(restoreFileSync(rec)).toMatchObject({
      status: "edited",
      reason: "it is no longer a regular file; left alone",
      exact: false,
    });
    expect((await stat(path)).isFIFO()).toBe(true);
  });

  it("a touch that never happened (the file is the original, times and all): nothing is written", async () => {
    const { path, rec } = await touchedLong();
    await writeFile(path, LONG);
    await utimes(path, ORIGINAL_MTIME_S, ORIGINAL_MTIME_S);
    const before = await stat(path, { bigint: true });
    // Past the clock tick of that change, so any write by the restore would show in ctime.
    await new Promise((r) => setTimeout(r, 30));
    expect(restoreFileSync(rec)).toMatchObject({ status: "unchanged", exact: true, mtime: "exact" });
    const after = await stat(path, { bigint: true });
    // (Reading it may move atime, which does not move ctime.)
    expect([after.ctimeNs, after.mtimeNs]).toEqual([before.ctimeNs, before.mtimeNs]);
  });

  it("a file deleted during the run: reported missing, with why", async () => {
    const { path, rec } = await touchedLong();
    await unlink(path);
    expect(restoreFileSync(rec)).toMatchObject({
      status: "missing",
      reason: "it was deleted during the run",
    });
  });

  it("leaves no file descriptor open on the files it looked at, whatever it found", async () => {
    const files = await Promise.all([touchedFile(LONG), touchedFile(LONG), touchedFile(LONG)]);
    const [, edited, dir] = files.map((f) => f.path);
    await writeFile(edited as string, "x\n");
    await unlink(dir as string);
    await mkdir(dir as string); // open for writing fails (EISDIR), open for reading works
    const statuses = files.map((f) => restoreFileSync(f.rec).status);
    expect(statuses).toEqual(["restored", "edited", "error"]);
    const open = readdirSync("/proc/self/fd").flatMap((fd) => {
      try {
        return [readlinkSync(`/proc/self/fd/${fd}`)];
      } catch {
        return [];
      }
    });
    expect(open.filter((target) => files.some((f) => target.startsWith(f.dir)))).toEqual([]);
  });
});
