// Driving the CLI as users run it: a child process (spawnCli) with its exit code, signal and output,
// and, for the fault-injection suites (faults-*.test.ts), one in its own process group with stderr
// to wait on (startCli), and what a run may leave behind (files, images, state).
import { spawn, spawnSync } from "node:child_process";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { BASE_IMAGE, REPO } from "./helpers.js";

export interface CliResult {
  code: number | null;
  /** The signal that ended the CLI, if one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface SpawnCliOptions {
  /** Added to this process's environment (which carries the engine the tests selected). */
  env?: NodeJS.ProcessEnv;
  /**
   * Run the committed bundle (dist/cli.js) as users do, rather than src/cli.ts under tsx: for tests
   * that look at the CLI's child processes, where tsx's esbuild service would be one more.
   */
  bundled?: boolean;
  /** Working directory; the repository by default. */
  cwd?: string;
  /** Written to the CLI's standard input, which is then closed (none: closed at once, as spawnSync does). */
  input?: string;
  /** In a process group of its own, so a test can signal the whole group (docker client included). */
  detached?: boolean;
  /** Called with all of stderr so far after each chunk (to act at a point of the run). */
  onStderr?: (stderr: string) => void;
}

/** The CLI as a child process: its pid at once (to watch it while it runs), its output when it exits. */
export function spawnCli(
  args: string[],
  { env = {}, bundled = false, cwd = REPO, input, detached = false, onStderr }: SpawnCliOptions = {},
): { pid: number | undefined; done: Promise<CliResult> } {
  const entry = bundled ? [join(REPO, "dist/cli.js")] : ["--import", "tsx", join(REPO, "src/cli.ts")];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
    detached,
  });
  // A CLI that exits before reading its input (a usage error) must fail its test, not crash the worker on EPIPE.
  child.stdin.on("error", () => {});
  child.stdin.end(input);
  let stdout = "";
  let stderr = "";
  // Decoded as a stream: a chunk may end inside a multi-byte character (the report's ✅, →).
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    onStderr?.(stderr);
  });
  const done = new Promise<CliResult>((ok) =>
    child.on("close", (code, signal) => ok({ code, signal, stdout, stderr })),
  );
  return { pid: child.pid, done };
}

export interface CliRun {
  pid: number;
  stderr: () => string;
  /** Resolves when stderr has a line matching `re`. */
  waitFor: (re: RegExp) => Promise<void>;
  signal: (sig: NodeJS.Signals, group?: boolean) => void;
  done: Promise<CliResult>;
}

/** The CLI in its own process group (so a test can Ctrl-C the whole group, docker client included). */
export function startCli(args: string[], stateDir: string): CliRun {
  let err = "";
  const waiters: { re: RegExp; ok: () => void }[] = [];
  const { pid, done } = spawnCli(args, {
    env: { DOCKER_CACHE_BENCH_STATE_DIR: stateDir },
    detached: true,
    onStderr: (stderr) => {
      err = stderr;
      for (const w of waiters.filter((w) => w.re.test(err))) w.ok();
    },
  });
  return {
    pid: pid as number,
    stderr: () => err,
    waitFor: (re) =>
      new Promise((ok, fail) => {
        if (re.test(err)) return ok();
        waiters.push({ re, ok });
        void done.then(() => fail(new Error(`exited before ${re}: ${err}`)));
      }),
    signal: (sig, group = false) => process.kill(group ? -(pid as number) : (pid as number), sig),
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
