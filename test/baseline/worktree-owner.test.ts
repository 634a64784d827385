// The collection of `baseline: build` worktrees that killed runs left registered: the pure
// decision, then real git. A killed run is made by rewriting a worktree's owner record so its
// owner is dead (as the engine test's SIGKILL leaves it: see faults-worktree-kill.test.ts).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkoutWorktree } from "../../src/baseline/worktree.js";
import {
  collectDeadWorktrees,
  judgeWorktree,
  OWNER_FILE,
  WORKTREE_PREFIX,
  type OurWorktree,
  type WorktreeNote,
  type WorktreeRecord,
} from "../../src/baseline/worktree-owner.js";
import { newOwner, type Liveness, type Owner } from "../../src/touch/owner.js";
import { deadPid } from "../touch/helpers.js";

const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const registered = (repo: string): string[] =>
  git(repo, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice("worktree ".length));

describe("judgeWorktree", () => {
  const self = newOwner();
  const other: Owner = { ...self, runId: "00000000000000aa" };
  const path = `/tmp/${WORKTREE_PREFIX}abc123`;
  const record = (dir = path): WorktreeRecord => ({ version: 1, owner: other, dir });
  const says = (l: Liveness) => () => l;

  it.each<{ name: string; wt: OurWorktree; live: Liveness; action: string }>([
    {
      name: "our record, owner dead",
      wt: { path, record: record(), problem: null },
      live: "dead",
      action: "collect",
    },
    {
      name: "our record, owner alive (a concurrent run)",
      wt: { path, record: record(), problem: null },
      live: "alive",
      action: "keep",
    },
    {
      name: "our record, owner on another host",
      wt: { path, record: record(), problem: null },
      live: "elsewhere",
      action: "keep",
    },
    { name: "our own record", wt: { path, record: record(), problem: null }, live: "self", action: "keep" },
    {
      name: "no record (an older version, or killed before writing it)",
      wt: { path, record: null, problem: null },
      live: "dead",
      action: "unproven",
    },
    {
      name: "an untrusted record",
      wt: { path, record: null, problem: "it is writable by other users" },
      live: "dead",
      action: "unproven",
    },
    {
      name: "a record naming another directory",
      wt: { path, record: record("/home/me/src"), problem: null },
      live: "dead",
      action: "unproven",
    },
    {
      name: "a directory not named like ours",
      wt: { path: "/tmp/feature-x", record: record("/tmp/feature-x"), problem: null },
      live: "dead",
      action: "unproven",
    },
  ])("$name: $action", ({ wt, live, action }) => {
    expect(judgeWorktree(wt, self, says(live)).action).toBe(action);
  });

  it("asks the owner check about the record's owner, as seen by this run", () => {
    const seen: Owner[][] = [];
    judgeWorktree({ path, record: record(), problem: null }, self, (o, s) => (seen.push([o, s]), "alive"));
    expect(seen).toEqual([[other, self]]);
  });
});

describe("collecting the worktrees killed runs left (real git)", () => {
  let root: string;
  let repo: string;
  let commit: string;

  beforeAll(async () => {
    vi.stubEnv("GIT_CONFIG_NOSYSTEM", "1");
    vi.stubEnv("GIT_CONFIG_GLOBAL", "/dev/null");
    for (const who of ["AUTHOR", "COMMITTER"]) {
      vi.stubEnv(`GIT_${who}_NAME`, "Test");
      vi.stubEnv(`GIT_${who}_EMAIL`, "test@example.com");
    }
    root = await mkdtemp(join(tmpdir(), "dcb-wt-owner-"));
    repo = join(root, "repo");
    git(root, "init", "--quiet", "--initial-branch=main", repo);
    await writeFile(join(repo, "app.txt"), "one\n");
    git(repo, "add", "app.txt");
    git(repo, "commit", "--quiet", "-m", "one");
    commit = git(repo, "rev-parse", "HEAD");
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(root, { recursive: true, force: true });
  });

  const adminDir = async (dir: string) =>
    (await readFile(join(dir, ".git"), "utf8")).replace(/^gitdir: /, "").trim();

  /** A checkout whose run then "died": its record's owner is made dead (or whatever `as` says). */
  async function leftBehind(as: (o: Owner) => Owner): Promise<{ dir: string; recordPath: string }> {
    const wt = await checkoutWorktree({ repoDir: repo, commit, parentDir: root });
    const recordPath = join(await adminDir(wt.dir), OWNER_FILE);
    const rec = JSON.parse(await readFile(recordPath, "utf8")) as WorktreeRecord;
    await writeFile(recordPath, JSON.stringify({ ...rec, owner: as(rec.owner) }), { mode: 0o600 });
    return { dir: wt.dir, recordPath };
  }

  it("the checkout records its owner in git's directory of the worktree; removal takes the record along", async () => {
    const wt = await checkoutWorktree({ repoDir: repo, commit, parentDir: root });
    const admin = await adminDir(wt.dir);
    const rec = JSON.parse(await readFile(join(admin, OWNER_FILE), "utf8")) as WorktreeRecord;
    expect(rec).toMatchObject({ version: 1, dir: wt.dir, owner: { pid: process.pid } });
    expect(git(wt.dir, "status", "--porcelain")).toBe("");
    expect(await readFile(join(wt.dir, "app.txt"), "utf8")).toBe("one\n");
    await wt.remove();
    expect(existsSync(admin)).toBe(false);
    expect(registered(repo)).toEqual([repo]);
  });

  it.each([
    { name: "a dead pid", as: (o: Owner) => ({ ...o, pid: deadPid() }) },
    {
      name: "a live pid that started at another time (reused)",
      as: (o: Owner) => ({ ...o, startTicks: "1" }),
    },
    { name: "another boot", as: (o: Owner) => ({ ...o, bootId: "0-other-boot" }) },
  ])("a dead run's worktree ($name) is collected by the next checkout, with one line", async ({ as }) => {
    const dead = await leftBehind(as);
    const notes: WorktreeNote[] = [];
    const next = await checkoutWorktree({
      repoDir: repo,
      commit,
      parentDir: root,
      onNote: (n) => notes.push(n),
    });
    try {
      expect(notes).toEqual([
        {
          level: "info",
          message: expect.stringMatching(
            new RegExp(
              `^Collected the base worktree ${dead.dir} that a killed run \\(pid \\d+ on host .+\\) left registered in ${repo}\\.$`,
            ),
          ),
        },
      ]);
      expect(existsSync(dead.dir)).toBe(false);
      expect(registered(repo)).toEqual([repo, next.dir]);
    } finally {
      await next.remove();
    }
    expect(registered(repo)).toEqual([repo]);
  });

  it("a dead run's worktree whose directory is gone (prunable) is unregistered; the user's own away worktree stays", async () => {
    const dead = await leftBehind((o) => ({ ...o, pid: deadPid() }));
    await rm(dead.dir, { recursive: true, force: true });
    // The user's worktree on a disk that is not mounted now: `git worktree prune` would drop it.
    const away = join(root, "away");
    git(repo, "worktree", "add", "--quiet", "--detach", away, commit);
    await rm(away, { recursive: true, force: true });
    expect(git(repo, "worktree", "list", "--porcelain")).toMatch(/prunable/);

    const notes = await collectDeadWorktrees(repo, newOwner());
    expect(notes.map((n) => n.message)).toEqual([
      expect.stringContaining(`Collected the base worktree ${dead.dir}`),
    ]);
    expect(registered(repo)).toEqual([repo, away]);
    git(repo, "worktree", "remove", "--force", away);
  });

  it.each([
    { name: "a live owner (a concurrent run)", as: (o: Owner) => ({ ...o, runId: "00000000000000bb" }) },
    { name: "an owner on another host", as: (o: Owner) => ({ ...o, host: "elsewhere", pid: deadPid() }) },
  ])("$name: left alone, silently", async ({ as }) => {
    const live = await leftBehind(as);
    const notes = await collectDeadWorktrees(repo, newOwner());
    expect(notes).toEqual([]);
    expect(existsSync(join(live.dir, "app.txt"))).toBe(true);
    expect(registered(repo)).toEqual([repo, live.dir]);
    git(repo, "worktree", "remove", "--force", live.dir);
  });

  it.each([
    { name: "no owner record (an older version's)", spoil: (p: string) => rm(p) },
    { name: "a record others can write", spoil: (p: string) => chmod(p, 0o666) },
    { name: "a record that is not ours", spoil: (p: string) => writeFile(p, '{"version":1}') },
    {
      name: "a record naming another directory",
      spoil: async (p: string) => {
        const rec = JSON.parse(await readFile(p, "utf8")) as WorktreeRecord;
        await writeFile(p, JSON.stringify({ ...rec, dir: repo }));
      },
    },
  ])(
    "our prefix with $name and a dead owner: left alone, with a warning naming the fix",
    async ({ spoil }) => {
      const wt = await leftBehind((o) => ({ ...o, pid: deadPid() }));
      await spoil(wt.recordPath);
      const notes = await collectDeadWorktrees(repo, newOwner());
      expect(notes).toEqual([
        {
          level: "warning",
          message: expect.stringContaining(
            `remove it with: git -C ${repo} worktree remove --force ${wt.dir}`,
          ),
        },
      ]);
      expect(registered(repo)).toEqual([repo, wt.dir]);
      git(repo, "worktree", "remove", "--force", wt.dir);
    },
  );

  it("a repository without linked worktrees, or no repository at all: nothing to do, or a warning", async () => {
    expect(await collectDeadWorktrees(repo, newOwner())).toEqual([]);
    const plain = join(root, "plain");
    await mkdir(plain);
    const notes = await collectDeadWorktrees(plain, newOwner());
    expect(notes).toEqual([
      { level: "warning", message: expect.stringMatching(/^could not look for base worktrees/) },
    ]);
  });
});
