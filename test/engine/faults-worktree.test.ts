// Signals while `baseline: build` benchmarks the PR's base commit in a temporary git worktree of
// the user's repository (src/baseline/worktree.ts). Three points, each held open by a wrapper so
// the signal lands inside it every time:
// - during `git worktree add` (a git wrapper on PATH runs the real add, then lingers, as a large
//   checkout would): the worktree is registered but the tool has not heard back yet;
// - during the base's cold build (a docker wrapper logs each command; the base build is the one
//   whose context is in the worktree, and its RUN lasts 4 s);
// - during `git worktree remove` (the git wrapper sleeps before running the real remove).
// What must hold when the Action has ended: it ended by the signal; `git worktree list` names the
// user's working tree only; the worktree directory is gone; the user's branch, commit and files
// (mtimes included) are as before and `git status` is clean; no image of the run is left.
import { readdir } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { runAction } from "../e2e/run-action.js";
import {
  bakeRepository,
  baseBuilds,
  dirs,
  gitIn,
  imagesLeft,
  loopbackServices,
  pullRequestRun,
  repository,
  until,
  userFiles,
  wrappers,
  type Wrappers,
} from "./worktree-fixtures.js";

/** Resolves once the Action is at the point (a second into the base's cold build: its RUN lasts 4 s). */
async function reachPoint(c: Case, w: Wrappers, printed: () => string, ended: () => boolean): Promise<void> {
  if (c.slowGit) return until(`git worktree ${c.slowGit}`, w.gitAt, ended);
  const image2 = async () => /image 2 of 2: two \(base\)/.test(printed());
  if (c.bake) return until("the base's image 2", image2, ended);
  await until("the base's cold build", async () => baseBuilds(await w.dockerCommands()) > 0, ended);
  await new Promise((r) => setTimeout(r, 1000));
}

interface Case {
  point: string;
  slowGit: "add" | "remove" | null;
  sig: NodeJS.Signals;
  /** A bake set of two images; the signal lands between the base's image 1 and image 2. */
  bake: boolean;
}

const CASES: Case[] = [
  { point: "during git worktree add", slowGit: "add", sig: "SIGINT", bake: false },
  { point: "during the base's cold build", slowGit: null, sig: "SIGTERM", bake: false },
  { point: "during the base's cold build", slowGit: null, sig: "SIGINT", bake: false },
  { point: "during git worktree remove", slowGit: "remove", sig: "SIGTERM", bake: false },
  { point: "between the base's two bake images", slowGit: null, sig: "SIGTERM", bake: true },
];

describe("the bundled Action with baseline: build", () => {
  const services = loopbackServices();

  it.each(CASES)(
    "$sig $point: ends by it, the worktree unregistered and deleted, the user's checkout untouched",
    async (c) => {
      const repo = c.bake ? await bakeRepository() : await repository();
      const before = await userFiles(repo.dir);
      const w = await wrappers(c.slowGit, c.bake);
      let pid = 0;
      let ended = false;
      let printed = "";
      const running = runAction(
        pullRequestRun(repo, {
          inputs: { docker: w.docker, ...(c.bake && { bake: "docker-bake.hcl" }) },
          env: { ...services.env(), PATH: `${w.bin}:${process.env.PATH ?? ""}` },
          onSpawn: (p) => (pid = p),
          onOutput: (all) => (printed = all),
        }),
      );
      void running.finally(() => (ended = true));
      try {
        await reachPoint(
          c,
          w,
          () => printed,
          () => ended,
        );
      } catch (e) {
        process.kill(pid, "SIGKILL");
        throw e;
      }
      process.kill(pid, c.sig);
      const r = await running;
      dirs.push(r.runnerTemp);
      // Checked the moment the Action has ended: a runner tears the job down then.
      const registered = gitIn(repo.dir, "worktree", "list", "--porcelain");
      const temp = await readdir(r.runnerTemp);
      await until("the git wrapper's end", w.gitDone, () => false);

      expect(r.signal, r.stdout).toBe(c.sig);
      expect(registered.split("\n").filter((l) => l.startsWith("worktree "))).toEqual([
        `worktree ${repo.dir}`,
      ]);
      expect(temp.filter((f) => f.startsWith("docker-cache-bench-base-"))).toEqual([]);
      expect(gitIn(repo.dir, "symbolic-ref", "HEAD")).toBe("refs/heads/feature");
      expect(gitIn(repo.dir, "rev-parse", "HEAD")).toBe(repo.head);
      expect(gitIn(repo.dir, "status", "--porcelain")).toBe("");
      expect(await userFiles(repo.dir)).toEqual(before);
      expect(imagesLeft(await w.dockerCommands())).toEqual([]);
      // A run that would start after the signal never builds: the base's image 2 has no build.
      if (c.bake) expect(baseBuilds(await w.dockerCommands())).toBe(2);
    },
  );
});
