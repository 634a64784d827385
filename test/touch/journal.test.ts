// The journal on its own: what restore and recovery read back must be exactly what was written,
// anything else must be refused with a reason rather than guessed at, and a journal naming a file
// it must not touch is refused whole (journalProblem).
import { createHash } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TouchJournalError } from "../../src/touch/errors.js";
import {
  deleteJournalSync,
  hashPrefixSync,
  journalProblem,
  readJournalSync,
  writeJournalSync,
  type FileRecord,
  type Journal,
} from "../../src/touch/journal.js";
import { newOwner } from "../../src/touch/owner.js";
import { makeDir } from "./helpers.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function dir(files: Record<string, string> = {}): Promise<string> {
  const d = await makeDir(files, "dcb-journal-");
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
  appended: "\n " + " \t".repeat(16),
};

function journal(contextDir: string, files: FileRecord[]): Journal {
  return { version: 2, owner: newOwner(), contextDir, createdAt: new Date().toISOString(), files };
}

/** The error readJournalSync throws for the file, or undefined. */
function refusal(path: string): unknown {
  try {
    readJournalSync(path);
  } catch (e) {
    return e;
  }
}

describe("writeJournalSync and readJournalSync", () => {
  it("read back what was written, leaving no temporary file", async () => {
    const state = await dir();
    const path = join(state, "journal.json");
    const written = journal(state, [RECORD]);
    writeJournalSync(path, written);
    expect(readJournalSync(path)).toEqual(written);
    expect(await readdir(state)).toEqual(["journal.json"]);
    expect((await readFile(path, "utf8")).endsWith("}\n")).toBe(true);
  });

  it("a rewrite replaces the journal whole", async () => {
    const path = join(await dir(), "journal.json");
    writeJournalSync(path, journal("/ctx", [RECORD, { ...RECORD, relPath: "b.py", path: "/ctx/b.py" }]));
    const second = journal("/ctx", [RECORD]);
    writeJournalSync(path, second);
    expect(readJournalSync(path)).toEqual(second);
  });

  it("no journal: null", async () => {
    expect(readJournalSync(join(await dir(), "none.json"))).toBeNull();
  });

  const bad = (patch: Partial<FileRecord>) => JSON.stringify(journal("/ctx", [{ ...RECORD, ...patch }]));
  it.each([
    { name: "not JSON", content: "{ half", reason: /not valid JSON/ },
    {
      name: "version 1 (an older tool's)",
      content: JSON.stringify({ ...journal("/ctx", []), version: 1 }),
      reason: /not a journal this version of the tool wrote/,
    },
    { name: "no owner", content: JSON.stringify({ ...journal("/ctx", []), owner: null }), reason: /version/ },
    { name: "a bad digest", content: bad({ sha256: "xyz" }), reason: /version/ },
    { name: "a digest in capitals", content: bad({ sha256: "A".repeat(64) }), reason: /version/ },
    { name: "a negative size", content: bad({ size: -1 }), reason: /version/ },
    { name: "a size that is no integer", content: bad({ size: 1.5 }), reason: /version/ },
    { name: "a time that is no integer", content: bad({ mtimeNs: "1.5" }), reason: /version/ },
    { name: "an empty time", content: bad({ atimeNs: "" }), reason: /version/ },
    // Restore cuts these bytes off: anything but our newline + 32-blank nonce line is refused.
    {
      name: "appended bytes that are not our line",
      content: bad({ appended: "\nrm -rf /\n" }),
      reason: /version/,
    },
    {
      name: "a blank line one blank short",
      content: bad({ appended: "\n " + " ".repeat(31) }),
      reason: /version/,
    },
    {
      name: "a blank line one blank long",
      content: bad({ appended: "\n " + " ".repeat(33) }),
      reason: /version/,
    },
    {
      name: "our line without its newline",
      content: bad({ appended: " " + " ".repeat(32) }),
      reason: /version/,
    },
  ])("a journal that cannot be trusted is refused: $name", async ({ content, reason }) => {
    const path = join(await dir(), "journal.json");
    await writeFile(path, content);
    const error = refusal(path);
    expect(error).toBeInstanceOf(TouchJournalError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(reason);
  });

  it("a journal path that cannot be read (a directory) is refused, not taken as no journal", async () => {
    const path = join(await dir(), "journal.json");
    await mkdir(path);
    const error = refusal(path);
    expect(error).toBeInstanceOf(TouchJournalError);
    expect((error as Error).message).toMatch(/EISDIR/);
  });
});

describe("journalProblem", () => {
  /** A context with app.py, and a journal record for a file in it. */
  async function context() {
    const ctx = await dir({ "app.py": "print('hi')\n", "lib/x.py": "X = 1\n" });
    const rec = (relPath: string, path = join(ctx, ...relPath.split("/"))): FileRecord => ({
      ...RECORD,
      relPath,
      path,
    });
    return { ctx, rec };
  }

  it("files inside the context, and a file deleted since: no problem", async () => {
    const { ctx, rec } = await context();
    expect(journalProblem(journal(ctx, [rec("app.py"), rec("lib/x.py"), rec("gone.py")]))).toBeNull();
  });

  it("a context given as a relative path", async () => {
    expect(journalProblem(journal("ctx", []))).toBe("its build context is not an absolute path");
  });

  it("a context that no longer exists", async () => {
    const gone = join(await dir(), "gone");
    expect(journalProblem(journal(gone, []))).toBe(`its build context ${gone} no longer exists`);
  });

  it("a context that is a symbolic link", async () => {
    const { ctx } = await context();
    const link = `${ctx}-link`;
    await symlink(ctx, link);
    dirs.push(link);
    expect(journalProblem(journal(link, []))).toBe(`its build context ${link} is a symbolic link to ${ctx}`);
  });

  it.each([
    { name: "relPath absolute", relPath: "/etc/passwd", path: "/etc/passwd" },
    { name: "relPath climbing out", relPath: "../outside.py", path: null },
    { name: "relPath with an empty segment", relPath: "lib//x.py", path: null },
    { name: "path not the context joined with relPath", relPath: "app.py", path: "/etc/passwd" },
    { name: "path another file of the context", relPath: "app.py", path: "lib/x.py" },
  ])("a record whose path is not its relPath inside the context: $name", async ({ relPath, path }) => {
    const { ctx, rec } = await context();
    const r = rec(relPath, path === null ? undefined : path.startsWith("/") ? path : join(ctx, path));
    expect(journalProblem(journal(ctx, [rec("app.py"), r]))).toBe(
      `it names ${r.path}, which is not ${relPath} inside its build context`,
    );
  });

  it.each([
    {
      name: "a symbolic link",
      make: (ctx: string, outside: string) => symlink(join(outside, "secret"), join(ctx, "link.py")),
      relPath: "link.py",
      problem: "is a symbolic link",
    },
    {
      name: "a directory",
      make: (ctx: string) => mkdir(join(ctx, "pkg.py")),
      relPath: "pkg.py",
      problem: "is not a regular file",
    },
    {
      name: "a file under a directory that links outside",
      make: (ctx: string, outside: string) => symlink(outside, join(ctx, "out")),
      relPath: "out/secret",
      problem: "resolves to a file outside its build context",
    },
  ])("a record naming $name is refused", async ({ make, relPath, problem }) => {
    const { ctx, rec } = await context();
    const outside = await dir({ secret: "keep me\n" });
    await make(ctx, outside);
    const r = rec(relPath);
    expect(journalProblem(journal(ctx, [rec("app.py"), r]))).toBe(`it names ${r.path}, which ${problem}`);
    expect(await readFile(join(outside, "secret"), "utf8")).toBe("keep me\n");
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
