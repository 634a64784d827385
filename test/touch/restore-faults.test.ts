// Restore under the races and failures no plain test produces: a write that lands while restore
// reads the file or right after it cut the file back, a file that keeps changing, an I/O error, a
// file that cannot be opened for writing. node:fs is wrapped so that a test can act at one of
// those moments; what it does there is real (it writes the real file), and restore's own reads,
// writes and checks run unchanged. (A file the user made read-only cannot be made here: the tests
// may run as root, who may write it anyway; `openSync` is told to refuse instead.)
import type * as NodeFs from "node:fs";
import { appendFileSync, utimesSync, writeFileSync } from "node:fs";
import { readFile, rm, stat } from "node:fs/promises";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { restoreFileSync } from "../../src/touch/restore.js";
import { ORIGINAL_MTIME_S, touchedFile } from "./helpers.js";

const faults = vi.hoisted(() => ({
  /** Before each openSync (path, flags); throw to refuse it. */
  open: null as ((path: unknown, flags: unknown) => void) | null,
  /** Before each fstatSync. */
  stat: null as (() => void) | null,
  /** Before each readSync. */
  read: null as (() => void) | null,
  /** After each ftruncateSync. */
  truncate: null as (() => void) | null,
}));

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const call = (f: unknown, args: unknown[]) => (f as (...a: unknown[]) => unknown)(...args);
  const wrapped = {
    ...fs,
    openSync: (...a: unknown[]) => {
      faults.open?.(a[0], a[1]);
      return call(fs.openSync, a);
    },
    fstatSync: (...a: unknown[]) => {
      faults.stat?.();
      return call(fs.fstatSync, a);
    },
    readSync: (...a: unknown[]) => {
      faults.read?.();
      return call(fs.readSync, a);
    },
    ftruncateSync: (...a: unknown[]) => {
      call(fs.ftruncateSync, a);
      faults.truncate?.();
    },
  };
  return { ...wrapped, default: wrapped };
});

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
afterEach(() => {
  faults.open = faults.stat = faults.read = faults.truncate = null;
});

const ORIGINAL = "print('hi')\n";
async function touched() {
  const f = await touchedFile(ORIGINAL);
  dirs.push(f.dir);
  return f;
}

/**
 * `edit` runs after restore has looked at the file (its metadata, then its bytes) and before it
 * checks that nothing changed meanwhile, on the first `times` looks: restore holds a conclusion
 * about bytes that are no longer there. It stats the file once before each look and once after.
 */
function editWhileLooking(times: number, edit: () => void): void {
  let stats = 0;
  let left = times;
  faults.stat = () => {
    if (++stats % 2 === 0 && left > 0) {
      left--;
      edit();
    }
  };
}

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
const truncateFix = (path: string) =>
  `truncate -s ${ORIGINAL.length} -- ${path} && touch -m -d @${ORIGINAL_MTIME_S}.000000000 -- ${path}`;
const leftoverFix = (path: string) =>
  `check the end of ${path} for a line of 33 spaces and tabs the touch appended, and delete it`;
/** Blocks the thread: the next write then gets a ctime of its own (file times move in clock ticks). */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe("restore while the file changes under it", () => {
  it("an edit that lands while restore reads the file is seen: it looks again and keeps the edit", async () => {
    const { path, rec } = await touched();
    editWhileLooking(1, () => appendFileSync(path, "x = 1\n"));
    expect(restoreFileSync(rec).status).toBe("kept-edit");
    expect(await readFile(path, "utf8")).toBe(`${ORIGINAL}x = 1\n`);
  });

  it("a same-size edit whose mtime is set back (rsync -t, a checkout) is seen too, by its ctime", async () => {
    const { path, rec, appended } = await touched();
    const when = 1_650_000_000;
    utimesSync(path, when, when);
    editWhileLooking(1, () => {
      pause(30);
      writeFileSync(path, ORIGINAL.replace("hi", "yo") + appended);
      utimesSync(path, when, when);
    });
    expect(restoreFileSync(rec).status).toBe("kept-edit");
    expect(await readFile(path, "utf8")).toBe("print('yo')\n");
    expect((await stat(path)).mtimeMs).toBe(when * 1000);
  });

  it("a file that changes at each of three looks is left as it is, with what to do", async () => {
    const { path, rec, touched: before } = await touched();
    editWhileLooking(3, () => appendFileSync(path, "#\n"));
    expect(restoreFileSync(rec)).toMatchObject({
      status: "edited",
      exact: false,
      reason: "it kept changing while we tried to restore it; left as it is",
      fix: leftoverFix(path),
    });
    expect(await readFile(path, "utf8")).toBe(`${before.toString()}#\n#\n#\n`);
  });

  it.each([
    { name: "appended to right after", write: (path: string) => appendFileSync(path, "x = 1\n") },
    {
      name: "rewritten, same size",
      write: (path: string) => writeFileSync(path, ORIGINAL.replace("hi", "yo")),
    },
  ])("a file $name the restore cut it back is reported, never called exact", async ({ write }) => {
    const { path, rec } = await touched();
    faults.truncate = () => {
      faults.truncate = null;
      write(path);
    };
    expect(restoreFileSync(rec)).toMatchObject({
      status: "error",
      exact: false,
      reason: "after the restore its bytes are not the original ones",
      fix: truncateFix(path),
    });
  });

  it("a write right after restore took our line out of an edited file is reported, not called kept", async () => {
    const { path, rec, appended } = await touched();
    writeFileSync(path, `${ORIGINAL}${appended}x = 1\n`);
    faults.truncate = () => {
      faults.truncate = null;
      appendFileSync(path, "y = 2\n");
    };
    expect(restoreFileSync(rec)).toMatchObject({
      status: "error",
      exact: false,
      reason: "the file does not read back as the edit without the touch's line",
    });
    expect(await readFile(path, "utf8")).toBe(`${ORIGINAL}x = 1\ny = 2\n`);
  });

  it("an mtime moved by someone right after restore set it back: approximate, with the command", async () => {
    const { path, rec } = await touched();
    faults.truncate = () => {
      // Restore sets the times (futimes, then two fstats to check them), then checks the result
      // (a third fstat): the change lands just before that check.
      let stats = 0;
      faults.stat = () => {
        if (++stats === 3) utimesSync(path, 1_700_000_000, 1_700_000_000);
      };
    };
    expect(restoreFileSync(rec)).toMatchObject({
      status: "restored",
      exact: false,
      mtime: "approximate",
      reason: "its content is restored but its modification time could not be set back",
      fix: `touch -m -d @${ORIGINAL_MTIME_S}.000000000 -- ${path}`,
    });
    expect(await readFile(path, "utf8")).toBe(ORIGINAL);
  });
});

describe("restore when the file system refuses", () => {
  it.each([
    { name: "an I/O error", code: "EIO", reason: "EIO" },
    {
      name: "EPERM (append-only)",
      code: "EPERM",
      reason: "EPERM (an append-only or immutable file? `lsattr` shows it, `chattr -a` clears it)",
    },
  ])("$name while reading: an error with the command that finishes the undo", async ({ code, reason }) => {
    const { path, rec, touched: before } = await touched();
    faults.read = () => {
      throw errno(code);
    };
    expect(restoreFileSync(rec)).toMatchObject({
      status: "error",
      exact: false,
      reason,
      fix: truncateFix(path),
    });
    faults.read = null;
    expect(await readFile(path)).toEqual(before);
  });

  /** openSync refuses writing (a read-only file) and, when `reading` is false, reading too. */
  function readOnly(code: string, reading: boolean): void {
    faults.open = (_path, flags) => {
      if (!reading || (Number(flags) & 3) !== 0) throw errno(code);
    };
  }

  it.each([
    {
      name: "still ours: the truncate command",
      content: "touched",
      fix: truncateFix,
    },
    {
      name: "edited since: where to look",
      content: "edited",
      fix: leftoverFix,
    },
  ])("a file that cannot be opened for writing, $name", async ({ content, fix }) => {
    const { path, rec } = await touched();
    if (content === "edited") appendFileSync(path, "x = 1\n");
    readOnly("EACCES", true);
    expect(restoreFileSync(rec)).toMatchObject({
      status: "error",
      exact: false,
      reason: "cannot open it for writing: EACCES",
      fix: fix(path),
    });
  });

  it("a file that cannot be opened at all: the reason, and where to look", async () => {
    const { path, rec } = await touched();
    readOnly("EACCES", false);
    expect(restoreFileSync(rec)).toMatchObject({
      status: "error",
      reason: "cannot open it for writing: EACCES",
      fix: leftoverFix(path),
    });
  });

  it("a read-only file already back to the original, times and all: unchanged, exact", async () => {
    const { path, rec } = await touched();
    writeFileSync(path, ORIGINAL);
    utimesSync(path, ORIGINAL_MTIME_S, ORIGINAL_MTIME_S);
    readOnly("EACCES", true);
    expect(restoreFileSync(rec)).toMatchObject({
      status: "unchanged",
      exact: true,
      reason: null,
      mtime: "exact",
    });
  });

  it("a read-only file edited since, whose mtime happens to be the original's: not taken for the original", async () => {
    const { path, rec } = await touched();
    writeFileSync(path, ORIGINAL.replace("hi", "yo"));
    utimesSync(path, ORIGINAL_MTIME_S, ORIGINAL_MTIME_S);
    readOnly("EACCES", true);
    expect(restoreFileSync(rec)).toMatchObject({
      status: "error",
      reason: "cannot open it for writing: EACCES",
      fix: leftoverFix(path),
    });
  });

  it("a read-only file back to the original content but not its mtime: an error, since restore cannot set it", async () => {
    const { path, rec } = await touched();
    writeFileSync(path, ORIGINAL);
    readOnly("EACCES", true);
    expect(restoreFileSync(rec)).toMatchObject({
      status: "error",
      exact: false,
      reason: "cannot open it for writing: EACCES",
    });
  });
});
