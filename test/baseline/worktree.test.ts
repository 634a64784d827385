// checkoutWorktree with real git: a shallow clone (as actions/checkout makes with fetch-depth: 1)
// lacks the base commit, which is fetched from a bare "origin" over file://.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { WorktreeError } from "../../src/baseline/errors.js";
import { checkoutWorktree } from "../../src/baseline/worktree.js";

let root: string;
let first: string;
let second: string;
/** A fetch-depth: 1 clone of origin: holds `second` only. */
let shallow: string;
/** A full clone without an origin remote. */
let noOrigin: string;

const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
const worktrees = (repo: string): string => git(repo, "worktree", "list", "--porcelain");
const hasCommit = (repo: string, commit: string): boolean => {
  try {
    git(repo, "cat-file", "-e", `${commit}^{commit}`);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  // Keep the machine's git config (signing, hooks, default branch) out of the test.
  vi.stubEnv("GIT_CONFIG_NOSYSTEM", "1");
  vi.stubEnv("GIT_CONFIG_GLOBAL", "/dev/null");
  for (const who of ["AUTHOR", "COMMITTER"]) {
    vi.stubEnv(`GIT_${who}_NAME`, "Test");
    vi.stubEnv(`GIT_${who}_EMAIL`, "test@example.com");
  }
  root = await mkdtemp(join(tmpdir(), "dcb-worktree-test-"));
  const work = join(root, "work");
  git(root, "init", "--quiet", "--initial-branch=main", work);
  await writeFile(join(work, "app.txt"), "version one\n");
  git(work, "add", "app.txt");
  git(work, "commit", "--quiet", "-m", "one");
  first = git(work, "rev-parse", "HEAD");
  await writeFile(join(work, "app.txt"), "version two\n");
  git(work, "commit", "--quiet", "-am", "two");
  second = git(work, "rev-parse", "HEAD");
  git(root, "clone", "--quiet", "--bare", work, "origin.git");
  git(root, "clone", "--quiet", "--depth=1", `file://${join(root, "origin.git")}`, "shallow");
  shallow = join(root, "shallow");
  noOrigin = join(root, "no-origin");
  git(root, "clone", "--quiet", join(root, "origin.git"), noOrigin);
  git(noOrigin, "remote", "remove", "origin");
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

describe("checkoutWorktree", () => {
  it("fetches a base commit the shallow clone lacks and checks it out beside the repository", async () => {
    expect(hasCommit(shallow, first)).toBe(false);
    const wt = await checkoutWorktree({ repoDir: shallow, commit: first, parentDir: root });
    try {
      expect(await readFile(join(wt.dir, "app.txt"), "utf8")).toBe("version one\n");
      expect(git(wt.dir, "rev-parse", "HEAD")).toBe(first);
      expect(worktrees(shallow)).toContain(`worktree ${wt.dir}`);
      expect(await readFile(join(shallow, "app.txt"), "utf8")).toBe("version two\n"); // head untouched
      expect(git(shallow, "rev-parse", "--is-shallow-repository")).toBe("true");
    } finally {
      await wt.remove();
    }
  });

  it("remove() deletes a worktree with local changes and untracked files; twice is fine", async () => {
    const wt = await checkoutWorktree({ repoDir: shallow, commit: first, parentDir: root });
    await writeFile(join(wt.dir, "app.txt"), "edited by the benchmark\n");
    await writeFile(join(wt.dir, "untracked.txt"), "left behind\n");
    await wt.remove();
    await wt.remove();
    expect(existsSync(wt.dir)).toBe(false);
    expect(worktrees(shallow)).not.toContain(wt.dir);
  });

  it("remove() still unregisters a worktree whose directory was deleted behind its back", async () => {
    const wt = await checkoutWorktree({ repoDir: shallow, commit: second, parentDir: root });
    await rm(wt.dir, { recursive: true, force: true });
    await wt.remove();
    expect(worktrees(shallow)).not.toContain(wt.dir);
  });

  it("uses a commit already in the repository without a remote", async () => {
    const wt = await checkoutWorktree({ repoDir: noOrigin, commit: first.slice(0, 12), parentDir: root });
    try {
      expect(await readFile(join(wt.dir, "app.txt"), "utf8")).toBe("version one\n");
    } finally {
      await wt.remove();
    }
  });

  it.each([
    {
      name: "an unknown commit: the fetch fails",
      repo: () => shallow,
      commit: "0123456789abcdef0123456789abcdef01234567",
      message:
        /^base commit 0123456789abcdef0123456789abcdef01234567 is not in the repository and could not be fetched: .*not our ref.* — use actions\/checkout with fetch-depth: 0, or baseline: cache$/,
    },
    {
      name: "a missing commit and no origin",
      repo: () => noOrigin,
      commit: "0123456789abcdef0123456789abcdef01234567",
      message:
        /is not in the repository and there is no "origin" remote to fetch it from; use actions\/checkout/,
    },
    {
      name: "not a commit id",
      repo: () => shallow,
      commit: "--upload-pack=touch pwned",
      message: /is not a commit id$/,
    },
  ])("throws a WorktreeError for $name, leaving nothing behind", async ({ repo, commit, message }) => {
    const before = worktrees(repo());
    const dirs = await readdir(root);
    const error = await checkoutWorktree({ repoDir: repo(), commit, parentDir: root }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorktreeError);
    expect(error).toMatchObject({ name: "WorktreeError", message: expect.stringMatching(message) });
    expect(worktrees(repo())).toBe(before);
    expect(await readdir(root)).toEqual(dirs);
  });
});

// git gets an allowlist of the environment (src/baseline/git-env.ts). A `git` first on PATH
// writes its environment to a file, then runs the real git: that is exactly what git, ssh and any
// helper or hook it starts would see. The canaries are what a runner's step holds.
describe("git's environment", () => {
  const CANARY = `dcbcanary${randomBytes(6).toString("hex")}`;
  const TOKENS: Record<string, string> = {
    GITHUB_TOKEN: `ghs_${CANARY}`,
    "INPUT_GITHUB-TOKEN": `in_${CANARY}`,
    ACTIONS_RUNTIME_TOKEN: `rt_${CANARY}`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: `oidc_${CANARY}`,
    ACTIONS_ID_TOKEN_REQUEST_URL: `https://token.example/${CANARY}`,
    NPM_TOKEN: `npm_${CANARY}`,
    AWS_SECRET_ACCESS_KEY: `aws_${CANARY}`,
    RUNNER_TEMP: `/tmp/${CANARY}`,
    // Set by a hook around the tool, it would point `git -C repo` at another repository.
    GIT_DIR: `/nonexistent/${CANARY}`,
  };
  /** What the user set for git: it must reach git. */
  const FOR_GIT: Record<string, string> = {
    GIT_SSH_COMMAND: "ssh -o BatchMode=yes",
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "dcb.test",
    GIT_CONFIG_VALUE_0: "from-env",
    SSH_AUTH_SOCK: "/tmp/dcb-agent.sock",
    GIT_TERMINAL_PROMPT: "1",
  };

  it("no job token reaches any git; the user's git settings do; git never prompts", async () => {
    const bin = join(root, "spy-bin");
    const seen = join(root, "spy-env");
    await mkdir(bin);
    await mkdir(seen);
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    await writeFile(join(bin, "git"), `#!/bin/sh\nenv > "${seen}/$$"\nexec "${realGit}" "$@"\n`);
    await chmod(join(bin, "git"), 0o755);
    git(root, "clone", "--quiet", "--depth=1", `file://${join(root, "origin.git")}`, "shallow-env");
    const clone = join(root, "shallow-env");
    vi.stubEnv("PATH", `${bin}:${process.env.PATH ?? ""}`);
    for (const [k, v] of Object.entries({ ...TOKENS, ...FOR_GIT })) vi.stubEnv(k, v);
    try {
      // The longest path: a fresh shallow clone lacks the commit, so git also fetches it from origin.
      const wt = await checkoutWorktree({ repoDir: clone, commit: first, parentDir: root });
      expect(await readFile(join(wt.dir, "app.txt"), "utf8")).toBe("version one\n");
      await wt.remove();
    } finally {
      for (const k of Object.keys({ ...TOKENS, ...FOR_GIT })) delete process.env[k];
      vi.stubEnv("PATH", process.env.PATH?.replace(`${bin}:`, "") ?? "");
    }
    const envs = await Promise.all((await readdir(seen)).map((f) => readFile(join(seen, f), "utf8")));
    // cat-file, remote, rev-parse, fetch, cat-file, worktree add, worktree remove.
    expect(envs.length).toBeGreaterThanOrEqual(7);
    for (const env of envs) {
      const vars = env.split("\n");
      expect(vars.filter((v) => v.includes(CANARY))).toEqual([]);
      expect(vars.filter((v) => /^(GITHUB_|INPUT_|ACTIONS_|RUNNER_|NPM_|AWS_)/.test(v))).toEqual([]);
      for (const [k, v] of Object.entries({ ...FOR_GIT, GIT_TERMINAL_PROMPT: "0" }))
        expect(vars).toContain(`${k}=${v}`);
      expect(vars.some((v) => v.startsWith("HOME="))).toBe(true);
    }
  });
});
