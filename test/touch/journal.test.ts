// The journal on its own: what restore and recovery read back must be exactly what was written,
// and anything else must be refused with a reason rather than guessed at.
import { createHash } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TouchJournalError } from "../../src/touch/errors.js";
import {
  canonicalContext,
  defaultStateDir,
  deleteJournalSync,
  hashPrefixSync,
  isProcessAlive,
  journalPath,
  newJournal,
  readJournalSync,
  STATE_DIR_ENV,
  writeJournalSync,
  type FileRecord,
} from "../../src/touch/journal.js";
import { makeDir } from "./helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function dir(): Promise<string> {
  const d = await makeDir({}, "dcb-journal-");
  dirs.push(d);
  return d;
}

const RECORD: FileRecord = {
  path: "/ctx/app.py",
  relPath: "app.py",
  size: 12,
  sha256: "a".repeat(64),
  mode: 0o100644,
  atimeNs: "1700000000123456789",
  mtimeNs: "1700000000123456789",
  appended: "\n \t \n",
};

describe("defaultStateDir", () => {
  it.each([
    { name: "from the environment", env: { [STATE_DIR_ENV]: "/state" }, want: "/state" },
    {
      name: "empty: the temporary directory",
      env: { [STATE_DIR_ENV]: "" },
      want: join(tmpdir(), "docker-cache-bench"),
    },
    { name: "unset: the temporary directory", env: {}, want: join(tmpdir(), "docker-cache-bench") },
  ])("$name", ({ env, want }) => {
    expect(defaultStateDir(env)).toBe(want);
  });
});

describe("journalPath", () => {
  it("is one file per real context directory, in the state directory", async () => {
    const context = await dir();
    const link = `${context}-link`;
    await symlink(context, link);
    dirs.push(link);
    const path = journalPath(context, "/state");
    expect(path).toMatch(/^\/state\/journal-[0-9a-f]{16}\.json$/);
    expect(journalPath(link, "/state")).toBe(path);
    expect(journalPath(`${context}/`, "/state")).toBe(path);
    expect(journalPath(await dir(), "/state")).not.toBe(path);
    expect(canonicalContext(link)).toBe(canonicalContext(context));
  });

  it("a context that does not exist (yet) keeps its absolute path", () => {
    expect(canonicalContext("/no/such/dir/../ctx")).toBe("/no/such/ctx");
  });
});

describe("writeJournalSync and readJournalSync", () => {
  it("read back what was written, leaving no temporary file", async () => {
    const state = await dir();
    const path = join(state, "journal.json");
    const journal = newJournal(state, [RECORD]);
    writeJournalSync(path, journal);
    expect(readJournalSync(path)).toEqual(journal);
    expect(journal).toMatchObject({ version: 1, pid: process.pid, contextDir: canonicalContext(state) });
    expect(new Date(journal.createdAt).toISOString()).toBe(journal.createdAt);
    expect(await readdir(state)).toEqual(["journal.json"]);
    expect((await readFile(path, "utf8")).endsWith("}\n")).toBe(true);
  });

  it("a journal written before `appended` existed reads as a one-newline touch", async () => {
    const path = join(await dir(), "journal.json");
    const { appended: _, ...old } = RECORD;
    await writeFile(path, JSON.stringify({ ...newJournal("/ctx", []), files: [old] }));
    expect(readJournalSync(path)?.files[0]?.appended).toBe("\n");
  });

  it("no journal: null", async () => {
    expect(readJournalSync(join(await dir(), "none.json"))).toBeNull();
  });

  it.each([
    { name: "not JSON", content: "{ half", reason: "not valid JSON" },
    {
      name: "another version",
      content: JSON.stringify({ ...newJournal("/ctx", []), version: 2 }),
      reason: /1/,
    },
    {
      name: "a bad digest",
      content: JSON.stringify({ ...newJournal("/ctx", [{ ...RECORD, sha256: "xyz" }]) }),
      reason: /.+/,
    },
    {
      name: "a negative size",
      content: JSON.stringify({ ...newJournal("/ctx", [{ ...RECORD, size: -1 }]) }),
      reason: /.+/,
    },
    {
      name: "a time that is no integer",
      content: JSON.stringify({ ...newJournal("/ctx", [{ ...RECORD, mtimeNs: "1.5" }]) }),
      reason: /.+/,
    },
  ])("a journal that cannot be trusted is refused: $name", async ({ content, reason }) => {
    const path = join(await dir(), "journal.json");
    await writeFile(path, content);
    const error = (() => {
      try {
        readJournalSync(path);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TouchJournalError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(reason);
  });

  it("a journal path that cannot be read (a directory) is refused, not taken as no journal", async () => {
    const path = join(await dir(), "journal.json");
    await mkdir(path);
    expect(() => readJournalSync(path)).toThrow(TouchJournalError);
  });
});

describe("deleteJournalSync", () => {
  it("deletes, and a journal already gone is fine", async () => {
    const path = join(await dir(), "journal.json");
    await writeFile(path, "{}");
    deleteJournalSync(path);
    expect(readJournalSync(path)).toBeNull();
    expect(() => deleteJournalSync(path)).not.toThrow();
  });

  it("any other failure is thrown", async () => {
    const path = join(await dir(), "journal.json");
    await mkdir(path);
    expect(() => deleteJournalSync(path)).toThrow(/EISDIR|EPERM/);
  });
});

describe("hashPrefixSync", () => {
  const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
  it.each([
    { name: "empty prefix", size: 10, length: 0 },
    { name: "part of a small file", size: 10, length: 4 },
    { name: "a whole small file", size: 10, length: 10 },
    { name: "over several 1 MiB chunks", size: 3 * (1 << 20) + 5, length: 3 * (1 << 20) + 3 },
    { name: "longer than the file: what there is", size: 10, length: 20 },
  ])("$name", async ({ size, length }) => {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 7 + (i >> 10)) & 0xff;
    const path = join(await dir(), "f.bin");
    await writeFile(path, bytes);
    const fd = openSync(path, "r");
    try {
      expect(hashPrefixSync(fd, length)).toBe(sha(bytes.subarray(0, Math.min(length, size))));
    } finally {
      closeSync(fd);
    }
  });
});

describe("isProcessAlive", () => {
  it("this process is alive; a pid past the kernel's limit is not", () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(2 ** 22 + 1)).toBe(false);
  });
});
