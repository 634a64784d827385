import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { conflictsInRepo, findConflictMarkers } from "../../scripts/check-conflict-markers.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("findConflictMarkers", () => {
  it.each([
    {
      name: "git's merge style",
      text: lines("a", "<<<<<<< HEAD", "mine", "=======", "theirs", ">>>>>>> other", "b"),
      found: [2],
    },
    {
      name: "diff3 style, with the base section",
      text: lines("<<<<<<< HEAD", "mine", "||||||| 79f54d6", "base", "=======", "theirs", ">>>>>>> other"),
      found: [1],
    },
    {
      name: "markers without labels, CRLF line ends",
      text: "<<<<<<<\r\nmine\r\n=======\r\ntheirs\r\n>>>>>>>\r\n",
      found: [1],
    },
    {
      name: "two conflicts in one file",
      text: lines("<<<<<<< a", "x", "=======", "y", ">>>>>>> b", "ok", "<<<<<<< a", "=======", ">>>>>>> b"),
      found: [1, 7],
    },
    {
      name: "a Markdown setext heading of exactly seven",
      text: lines("Heading", "=======", "", "text"),
      found: [],
    },
    {
      name: "setext headings of other lengths around a quote nested seven deep",
      text: lines("Title", "===", ">>>>>>> deep quote", "Other title", "=========="),
      found: [],
    },
    { name: "a lone opening marker", text: lines("<<<<<<< HEAD", "text"), found: [] },
    { name: "open and close with no split", text: lines("<<<<<<< HEAD", "x", ">>>>>>> other"), found: [] },
    {
      name: "eight characters, or indented: not git's markers",
      text: lines("<<<<<<<< a", "========", ">>>>>>>> b", " <<<<<<< a", " =======", " >>>>>>> b"),
      found: [],
    },
    { name: "a split with text after it", text: lines("<<<<<<< a", "======= x", ">>>>>>> b"), found: [] },
    {
      name: "markers quoted in code or a diff, not at the line start",
      text: lines("+<<<<<<< HEAD", "+=======", "+>>>>>>> other", "`<<<<<<<` `=======` `>>>>>>>`"),
      found: [],
    },
  ])("$name", ({ text, found }) => {
    expect(findConflictMarkers(text).map((m) => m.line)).toEqual(found);
  });
});

describe("conflictsInRepo, on conflicts git itself wrote", () => {
  let dir = "";
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = "";
  });

  /** A repository where `a.md` (which has a setext heading) was changed on two branches, merged. */
  function conflicted(style: string): string {
    dir = mkdtempSync(join(tmpdir(), "dcb-markers-"));
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", dir, "-c", `merge.conflictStyle=${style}`, ...args], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    const write = (body: string) => writeFileSync(join(dir, "a.md"), lines("Title", "=======", "", body));
    git("init", "-q", "-b", "main");
    git("config", "user.email", "ci@example.com");
    git("config", "user.name", "CI");
    write("line");
    writeFileSync(join(dir, "bin.dat"), Buffer.from([0, 60, 60, 60, 60, 60, 60, 60, 10]));
    git("add", "-A");
    git("commit", "-qm", "base");
    git("checkout", "-qb", "other");
    write("theirs");
    git("commit", "-qam", "theirs");
    git("checkout", "-q", "main");
    write("mine");
    git("commit", "-qam", "mine");
    try {
      git("merge", "-q", "other");
    } catch {
      // the conflict is the point
    }
    return dir;
  }

  it.each(["merge", "diff3", "zdiff3"])("conflictStyle=%s: found once, on its opening line", (style) => {
    expect(conflictsInRepo(conflicted(style))).toEqual(["a.md:4"]);
  });

  it("a resolved merge is clean (the setext heading stays)", () => {
    const repo = conflicted("merge");
    writeFileSync(join(repo, "a.md"), lines("Title", "=======", "", "mine", "theirs"));
    expect(conflictsInRepo(repo)).toEqual([]);
  });

  it("the CLI exits 1 and names the file", () => {
    const repo = conflicted("merge");
    const script = join(process.cwd(), "scripts/check-conflict-markers.ts");
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", script, repo], { stdio: "pipe" });
    } catch (e) {
      ({ status, stderr } = e as { status: number; stderr: string });
    }
    expect(status).toBe(1);
    expect(String(stderr)).toContain("a.md:4");
  });
});
