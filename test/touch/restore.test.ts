// Restore must cut a file back only when it is exactly "original + what the touch appended".
// These edits happen while the warm build runs and keep the file's size, so only the content
// checks (the hash of the original prefix, the appended tail) can tell them from our touch; the
// user's bytes and modification time must survive each of them.
import { mkdir, readFile, rm, stat, symlink, unlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyTouch, openRunState, touchTargets, type TouchPlan } from "../../src/touch/index.js";
import { makeDir } from "./helpers.js";

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
