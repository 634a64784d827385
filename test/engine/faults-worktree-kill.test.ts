// `baseline: build` killed outright (SIGKILL: an OOM kill, a vanished runner), through the bundled
// Action on the real engine. Nothing in the killed process can run, so its git worktree of the
// base commit stays registered in the user's repository; the next run that checks a base out must
// collect it (src/baseline/worktree-owner.ts), and must leave a live concurrent run's alone.
import { readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { runAction, type ActionRun } from "../e2e/run-action.js";
import {
  baseBuilds,
  dirs,
  gitIn,
  imagesLeft,
  loopbackServices,
  pullRequestRun,
  repository,
  until,
  wrappers,
} from "./worktree-fixtures.js";

type Repo = Awaited<ReturnType<typeof repository>>;

/** The worktrees git lists for the repository (its own checkout first). */
const registered = (repo: Repo) =>
  gitIn(repo.dir, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .map((l) => l.slice("worktree ".length));

/** Whether any process (the killed Action's orphaned docker client) still names `dir` in its argv. */
function processUsing(dir: string): boolean {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(dir)) return true;
    } catch {
      // Ended meanwhile.
    }
  }
  return false;
}

interface Started {
  readonly pid: number;
  done: Promise<ActionRun>;
  ended: () => boolean;
  printed: () => string;
}

interface AtBaseBuild extends Started {
  /** The run's worktree of the base commit. */
  worktree: string;
  /** Every docker command line it ran. */
  commands: () => Promise<string[]>;
}

describe("baseline: build, a run killed outright", () => {
  const services = loopbackServices();
  // A failed assertion must not leave a run going (or stopped) behind the test.
  const started: Started[] = [];
  afterEach(async () => {
    for (const run of started.splice(0)) {
      if (run.ended() || !run.pid) continue;
      process.kill(run.pid, "SIGKILL");
      process.kill(run.pid, "SIGCONT");
      await run.done.catch(() => undefined);
    }
  });

  /** The Action on the PR's pull_request event; docker through a logging wrapper. */
  function start(repo: Repo, docker: string): Started {
    let pid = 0;
    let ended = false;
    let printed = "";
    const done = runAction(
      pullRequestRun(repo, {
        inputs: { docker },
        env: services.env(),
        onSpawn: (p) => (pid = p),
        onOutput: (all) => (printed = all),
      }),
    );
    void done.finally(() => (ended = true));
    const run = {
      get pid() {
        return pid;
      },
      done,
      ended: () => ended,
      printed: () => printed,
    };
    started.push(run);
    return run;
  }

  /** Starts a run and resolves once it is a second into the base's cold build (its RUN lasts 4 s). */
  async function startUntilBaseBuild(repo: Repo): Promise<AtBaseBuild> {
    const w = await wrappers(null);
    const run = start(repo, w.docker);
    await until("the base's cold build", async () => baseBuilds(await w.dockerCommands()) > 0, run.ended);
    await new Promise((r) => setTimeout(r, 1000));
    const worktree = registered(repo).find((p) => p.includes("docker-cache-bench-base-"));
    if (!worktree) throw new Error("no base worktree registered during the base's build");
    return Object.assign(run, { worktree, commands: w.dockerCommands });
  }

  it("SIGKILL during the base's build leaves it registered; the next run collects it, also once a runner emptied RUNNER_TEMP", async () => {
    const repo = await repository();
    // Run 1, killed: its worktree stays registered and on disk (what the test proves can fail).
    const first = await startUntilBaseBuild(repo);
    process.kill(first.pid, "SIGKILL");
    const r1 = await first.done;
    dirs.push(r1.runnerTemp);
    expect(r1.signal).toBe("SIGKILL");
    expect(registered(repo)).toEqual([repo.dir, first.worktree]);
    expect(readdirSync(first.worktree)).toContain("Dockerfile");
    // Its docker client lives on, orphaned, until its build ends; its images are collected by label.
    await until(
      "the killed run's build to end",
      async () => !processUsing(first.worktree),
      () => false,
    );

    // Run 2 collects it, then is killed the same way; as a self-hosted runner does after a job,
    // its RUNNER_TEMP (and so its worktree's directory) is emptied: git lists it as prunable.
    const second = await startUntilBaseBuild(repo);
    expect(second.printed()).toContain(
      `Collected the base worktree ${first.worktree} that a killed run (pid ${first.pid} on host`,
    );
    expect(registered(repo)).toEqual([repo.dir, second.worktree]);
    process.kill(second.pid, "SIGKILL");
    const r2 = await second.done;
    dirs.push(r2.runnerTemp);
    await until(
      "the killed run's build to end",
      async () => !processUsing(second.worktree),
      () => false,
    );
    await rm(r2.runnerTemp, { recursive: true, force: true });
    expect(gitIn(repo.dir, "worktree", "list", "--porcelain")).toMatch(/^prunable /m);

    // Run 3 unregisters that one and ends normally: the repository is back to its own checkout.
    const w = await wrappers(null);
    const r3 = await start(repo, w.docker).done;
    dirs.push(r3.runnerTemp);
    expect(r3.code, r3.stdout).toBe(0);
    expect(r3.stdout).toContain(
      `Collected the base worktree ${second.worktree} that a killed run (pid ${second.pid} on host`,
    );
    expect(r3.warnings.filter((m) => /worktree/.test(m))).toEqual([]);
    expect(registered(repo)).toEqual([repo.dir]);
    expect(gitIn(repo.dir, "status", "--porcelain")).toBe("");
    expect(gitIn(repo.dir, "rev-parse", "HEAD")).toBe(repo.head);
    // The killed runs' images went with them (collected by their labels).
    expect(imagesLeft([...(await first.commands()), ...(await second.commands())])).toEqual([]);
  });

  it("a live concurrent run's worktree is left alone (its run then ends normally and removes it)", async () => {
    const repo = await repository();
    const holder = await startUntilBaseBuild(repo);
    // Stopped, not dead: its pid and start time still answer, as a slow concurrent run's would.
    process.kill(holder.pid, "SIGSTOP");
    try {
      const w = await wrappers(null);
      const other = await start(repo, w.docker).done;
      dirs.push(other.runnerTemp);
      expect(other.code, other.stdout).toBe(0);
      expect(other.stdout).not.toContain("Collected the base worktree");
      expect(other.warnings.filter((m) => /worktree/.test(m))).toEqual([]);
      expect(registered(repo)).toEqual([repo.dir, holder.worktree]);
      expect(readdirSync(holder.worktree)).toContain("Dockerfile");
    } finally {
      process.kill(holder.pid, "SIGCONT");
    }
    const r = await holder.done;
    dirs.push(r.runnerTemp);
    expect(r.code, r.stdout).toBe(0);
    expect(registered(repo)).toEqual([repo.dir]);
  });
});
