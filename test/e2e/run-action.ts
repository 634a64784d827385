// Runs the bundled dist/main.js exactly as the runner does: every input as INPUT_* (action.yml
// defaults included, since the runner passes those too), the event payload in a file,
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, the API and cache service on loopback.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { expect } from "vitest";
import { REPO } from "../engine/helpers.js";

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  runs: { using: string };
}

/**
 * The Node that runs the bundled Action and CLI (dist/): DCB_ACTION_NODE when set — .ci/run sets it to
 * the Node 24 of scripts/setup-node24.sh, the runtime action.yml names — else the tests' own Node.
 */
export const ACTION_NODE = process.env.DCB_ACTION_NODE || process.execPath;

/** The Node major version action.yml's `runs.using` names (`node24` → 24). */
export async function manifestNodeMajor(): Promise<number> {
  const manifest = yaml.load(await readFile(join(REPO, "action.yml"), "utf8")) as ActionYml;
  return Number(/^node(\d+)$/.exec(manifest.runs.using)?.[1]);
}

export interface ActionRun {
  code: number | null;
  /** The signal that ended the Action (a test that sent one expects it here). */
  signal: NodeJS.Signals | null;
  /** RUNNER_TEMP of the run: what the Action leaves there can be checked. */
  runnerTemp: string;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::warning::` and `::error::` workflow commands the action printed. */
  warnings: string[];
  errors: string[];
}

export interface RunActionOptions {
  workspace: string;
  eventName: string;
  payload: unknown;
  inputs: Record<string, string>;
  token: string;
  env: Record<string, string>;
  sha: string;
  ref: string;
  /** Called with the Action's pid as soon as it runs (to watch its processes). */
  onSpawn?: (pid: number) => void;
  /** Called with everything printed so far, after each chunk (to act at a point of the run). */
  onOutput?: (printed: string) => void;
}

/**
 * The test process's environment without what a runner would set for *this* step: the engine the tests
 * selected (DOCKER_HOST, DOCKER_CONFIG, PATH, DCB_ENGINE) must reach the Action, but GitHub variables
 * and inputs of an outer workflow (when the suite itself runs in GitHub Actions) must not.
 */
export function inheritedEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || /^(GITHUB_|INPUT_|RUNNER_|ACTIONS_)/.test(k) || k === "CI") continue;
    out[k] = v;
  }
  return out;
}

export async function runAction(o: RunActionOptions): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), "dcb-runner-"));
  const files = {
    event: join(dir, "event.json"),
    output: join(dir, "output"),
    summary: join(dir, "summary.md"),
  };
  await writeFile(files.event, JSON.stringify(o.payload));
  await writeFile(files.output, "");
  await writeFile(files.summary, "");
  const manifest = yaml.load(await readFile(join(REPO, "action.yml"), "utf8")) as ActionYml;
  const inputEnv: Record<string, string> = {};
  for (const [name, spec] of Object.entries(manifest.inputs)) {
    const value = o.inputs[name] ?? (spec.default === "${{ github.token }}" ? o.token : (spec.default ?? ""));
    inputEnv[`INPUT_${name.toUpperCase()}`] = value;
  }
  const env: Record<string, string> = {
    ...inheritedEnv(),
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_REPOSITORY: "acme/widgets",
    GITHUB_SHA: o.sha,
    GITHUB_REF: o.ref,
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    GITHUB_RUN_ATTEMPT: "1",
    RUNNER_TEMP: dir,
    ...inputEnv,
    ...o.env,
  };
  const child = spawn(ACTION_NODE, [join(REPO, "dist/main.js")], {
    cwd: o.workspace,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid !== undefined) o.onSpawn?.(child.pid);
  let stdout = "";
  const printed = (d: Buffer) => {
    stdout += d.toString();
    o.onOutput?.(stdout);
  };
  child.stdout.on("data", printed);
  child.stderr.on("data", printed);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((ok) =>
    child.on("close", (c, s) => ok([c, s])),
  );
  // On every Node the Action is tested on, Node itself warns of nothing: a `(node:PID) [DEP0…]
  // DeprecationWarning` is what the next runtime turns into an error.
  expect(
    [...stdout.matchAll(/^\(node:\d+\) .*$/gm)].map((m) => m[0]),
    "Node's own warnings",
  ).toEqual([]);
  return {
    code,
    signal,
    runnerTemp: dir,
    stdout,
    outputs: parseOutputFile(await readFile(files.output, "utf8")),
    summary: await readFile(files.summary, "utf8"),
    warnings: [...stdout.matchAll(/^::warning::(.*)$/gm)].map((m) => m[1] ?? ""),
    errors: [...stdout.matchAll(/^::error::(.*)$/gm)].map((m) => m[1] ?? ""),
  };
}

/** GITHUB_OUTPUT uses `name<<DELIMITER` … `DELIMITER` blocks (@actions/core's file command format). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1] ?? ""] = m[3] ?? "";
  return out;
}
