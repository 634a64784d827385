// The only place that spawns processes. Output is streamed line by line to callbacks and only a
// bounded tail is kept, so a build that prints gigabytes never sits in memory.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { Readable } from "node:stream";
import { createLineSplitter } from "../progress/split.js";
import { dockerChildEnv } from "./child-env.js";

/** Lines of stderr kept for error messages. */
export const STDERR_TAIL_LINES = 20;

export interface ExecOptions {
  /**
   * The child's whole environment. Default: the docker allowlist of this process's environment
   * (child-env.ts), never all of it, so a token of the job cannot reach docker by omission.
   */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  /** Keep stdout in memory and return it (for small outputs such as `docker inspect`). */
  captureStdout?: boolean;
  /** On abort the child gets SIGTERM (a docker client then cancels its build), SIGKILL if it lingers. */
  signal?: AbortSignal;
}

/** How long an aborted child may take to exit on SIGTERM before it is killed. */
export const ABORT_KILL_MS = 10_000;

export interface ExecResult {
  exitCode: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrTail: string[];
  seconds: number;
}

export class ExecError extends Error {
  constructor(
    message: string,
    readonly argv: readonly string[],
    readonly exitCode: number | null,
    readonly stderrTail: readonly string[],
  ) {
    super(message);
    this.name = "ExecError";
  }
}

/** Runs argv[0] with the rest as arguments; resolves with the exit code (never throws on a non-zero exit). */
export function execCommand(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (!file) throw new ExecError("empty command", argv, null, []);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env ?? dockerChildEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdoutChunks: string[] = [];
    const stderrTail: string[] = [];
    let open = 2;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const finish = () => {
      if (open > 0 || !exit) return;
      resolve({
        exitCode: exit.code ?? 128,
        signal: exit.signal,
        stdout: stdoutChunks.join(""),
        stderrTail,
        seconds: (performance.now() - started) / 1000,
      });
    };
    const closed = () => {
      open--;
      finish();
    };
    eachLine(
      child.stdout,
      (line) => {
        if (opts.captureStdout) stdoutChunks.push(line, "\n");
        opts.onStdoutLine?.(line);
      },
      closed,
    );
    eachLine(
      child.stderr,
      (line) => {
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
        opts.onStderrLine?.(line);
      },
      closed,
    );
    child.on("error", (e: NodeJS.ErrnoException) => {
      const why = e.code === "ENOENT" ? `${file}: command not found` : e.message;
      reject(new ExecError(why, argv, null, []));
    });
    const abort = () => {
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), ABORT_KILL_MS).unref();
    };
    if (opts.signal?.aborted) abort();
    else opts.signal?.addEventListener("abort", abort, { once: true });
    child.on("close", (code, signal) => {
      opts.signal?.removeEventListener("abort", abort);
      exit = { code, signal };
      finish();
    });
  });
}

/** Lines of a child's stream as readline splits them (a build's log is read at parser speed). */
function eachLine(stream: Readable, onLine: (line: string) => void, onClose: () => void): void {
  const splitter = createLineSplitter(onLine);
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => splitter.push(chunk));
  stream.on("close", () => {
    splitter.end();
    onClose();
  });
}

/** Runs a short command and returns its stdout; throws ExecError with the stderr tail on failure. */
export async function execText(argv: readonly string[], opts: ExecOptions = {}): Promise<string> {
  const r = await execCommand(argv, { ...opts, captureStdout: true });
  if (r.exitCode !== 0) {
    const detail = r.stderrTail
      .filter((l) => l.trim())
      .slice(-3)
      .join(" / ");
    throw new ExecError(
      `\`${argv.slice(0, 3).join(" ")}\` exited with ${r.exitCode}${detail ? `: ${detail}` : ""}`,
      argv,
      r.exitCode,
      r.stderrTail,
    );
  }
  return r.stdout;
}

/** An executable's absolute path, looked up on `searchPath` the way a shell does. */
export function resolveExecutable(file: string, searchPath = process.env.PATH ?? ""): string {
  if (file.includes("/")) return file;
  for (const dir of searchPath.split(delimiter)) {
    const candidate = join(dir || ".", file);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: try the next directory
    }
  }
  return file;
}
