// Restore must cut a file back only when it is exactly "original + what the touch appended".
// These edits happen while the warm build runs, and keep the file's size, so only the content
// checks (the hash of the original prefix, the appended tail) can tell them from our touch.
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, stat, symlink, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyTouch, type TouchPlan } from "../../src/touch/index.js";
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
  const session = await applyTouch([plan], { contextDir, stateDir });
  const file = join(contextDir, "app.py");
  const touchedText = await readFile(file, "utf8");
  expect(touchedText.startsWith(ORIGINAL)).toBe(true);
  return { session, file, touchedText, appended: touchedText.slice(ORIGINAL.length) };
}

const sameSize = (a: string, b: string) => expect(Buffer.byteLength(a)).toBe(Buffer.byteLength(b));

describe("restore keeps a same-size edit made during the warm build", () => {
  it.each([
    {
      name: "an edit in the original lines, our blank line still at the end",
      edit: (t: string) => t.replace("hi", "yo"),
    },
    {
      name: "an edit of our appended blanks (same length)",
      edit: (t: string, appended: string) => ORIGINAL + "#".repeat(appended.length),
    },
    {
      name: "our blank line removed and the original edited to the original's size",
      edit: () => ORIGINAL.replace("hi", "yo"),
    },
  ])("$name", async ({ edit }) => {
    const { session, file, touchedText, appended } = await touched();
    const userText = edit(touchedText, appended);
    expect(userText).not.toBe(touchedText);
    expect(userText).not.toBe(ORIGINAL);
    if (userText.length !== ORIGINAL.length) sameSize(userText, touchedText);
    await writeFile(file, userText);

    const [result] = await session.restore();
    expect(result).toMatchObject({
      path: "app.py",
      restored: false,
      status: "edited",
      mtime: "not-restored",
    });
    expect(result?.reason).toMatch(/edited after the touch/);
    expect(await readFile(file, "utf8")).toBe(userText);
    expect(existsSync(session.journalPath)).toBe(false);
  });
});

describe("restore of a file already back to its original content", () => {
  it("is reported unchanged, with its original bytes and mtime", async () => {
    const { session, file } = await touched();
    const before = session.files[0];
    await writeFile(file, ORIGINAL);
    const [result] = await session.restore();
    expect(result).toMatchObject({ restored: true, status: "unchanged", reason: null, mtime: "exact" });
    expect(await readFile(file, "utf8")).toBe(ORIGINAL);
    expect(String((await stat(file, { bigint: true })).mtimeNs)).toBe(before?.mtimeNs);
  });
});

describe("restore of a path that is no longer our file", () => {
  it.each([
    {
      name: "replaced by a directory",
      change: async (file: string) => {
        await unlink(file);
        await mkdir(file);
      },
    },
    {
      name: "replaced by a symlink to a copy of the touched file",
      change: async (file: string, touchedText: string) => {
        await writeFile(`${file}.copy`, touchedText);
        await unlink(file);
        await symlink(`${file}.copy`, file);
      },
    },
  ])("$name: left alone", async ({ change }) => {
    const { session, file, touchedText } = await touched();
    await change(file, touchedText);
    const [result] = await session.restore();
    expect(result).toMatchObject({
      restored: false,
      status: "edited",
      reason: "it is no longer a regular file",
      mtime: "not-restored",
    });
  });
});
