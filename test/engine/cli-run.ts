// Driving the CLI as users run it: a plain child (spawnCli) for the suites that watch its processes,
// and, for the fault-injection suites (faults-*.test.ts), one in its own process group with stderr
// to wait on, and what a run may leave behind (files, images, state).
import { spawn, spawnSync } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { BASE_IMAGE, REPO } from "./helpers.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SpawnCliOptions {
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /**
   * Run the committed bundle (dist/cli.js) as users do, rather than src/cli.ts under tsx: for tests
   * that look at the CLI's child processes, where tsx's esbuild service would be one more.
   */
  bundled?: boolean;
}

/** The CLI as a child process: its pid at once (to watch it while it runs), its output when it exits. */
export function spawnCli(
  args: string[],
  { env = {}, bundled = false }: SpawnCliOptions = {},
): { pid: number | undefined; done: Promise<CliResult> } {
  const entry = bundled ? [join(REPO, "dist/cli.js")] : ["--import", "tsx", join(REPO, "src/cli.ts")];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((ok) => child.on("close", (code) => ok({ code, stdout, stderr })));
  return { pid: child.pid, done };
}

export interface CliRun {
  pid: number;
  stderr: () => string;
  /** Resolves when stderr has a line matching `re`. */
  waitFor: (re: RegExp) => Promise<void>;
  signal: (sig: NodeJS.Signals, group?: boolean) => void;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** The CLI in its own process group (so a test can Ctrl-C the whole group, docker client included). */
export function startCli(args: string[], stateDir: string): CliRun {
  const child = spawn(process.execPath, ["--import", "tsx", join(REPO, "src/cli.ts"), ...args], {
    cwd: REPO,
    env: { ...process.env, DOCKER_CACHE_BENCH_STATE_DIR: stateDir },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  let err = "";
  const waiters: { re: RegExp; ok: () => void }[] = [];
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => {
    err += d.toString();
    for (const w of waiters.filter((w) => w.re.test(err))) w.ok();
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((ok) => child.on("close", (code, signal) => ok({ code, signal, stdout: out, stderr: err })));
  return {
    pid: child.pid as number,
    stderr: () => err,
    waitFor: (re) =>
      new Promise((ok, fail) => {
        if (re.test(err)) return ok();
        waiters.push({ re, ok });
        void done.then(() => fail(new Error(`exited before ${re}: ${err}`)));
      }),
    signal: (sig, group = false) => process.kill(group ? -(child.pid as number) : (child.pid as number), sig),
    done,
  };
}

export const runArgs = (dir: string, ...more: string[]) => [
  "run",
  dir,
  "--build-arg",
  `BASE=${BASE_IMAGE}`,
  ...more,
];

export async function fileState(path: string) {
  return {
    bytes: (await readFile(path)).toString("base64"),
    mtimeNs: (await stat(path, { bigint: true })).mtimeNs,
  };
}

/** Images still labelled with that run's pid: must be none once it has ended. */
export function imagesOfPid(pid: number): string[] {
  const r = spawnSync(
    "docker",
    ["image", "ls", "-q", "--filter", `label=dev.docker-cache-bench.pid=${pid}`],
    {
      encoding: "utf8",
    },
  );
  return r.stdout.split("\n").filter(Boolean);
}

/** The run's scratch files, lock claims and --verify-fixes copies live in the state dir: nothing may stay. */
export async function leftovers(stateDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of ["runs", "locks", "variants"]) {
    for (const name of await readdir(join(stateDir, sub)).catch(() => [])) out.push(`${sub}/${name}`);
  }
  return out;
}
