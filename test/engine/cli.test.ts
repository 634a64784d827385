// The CLI as users run it: a child process, exit codes, stdout vs stderr.
import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FailedReportSchema, REPORT_SCHEMA_URL, parseReport } from "../../src/report/schema.js";
import { makeReport, step } from "../support/report.js";
import { spawnCli } from "./cli-run.js";
import { checkDocExample, stableTerminal } from "./doc-examples.js";
import { BASE_IMAGE, copyProject, copyProjectUnique, REPO } from "./helpers.js";

/** docs/report.schema.json as zod reads JSON Schema: the published contract, not the zod source. */
const publishedSchema = z.fromJSONSchema(
  JSON.parse(readFileSync(join(REPO, "docs/report.schema.json"), "utf8")),
);

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnCli(args, { env }).done;

describe("cli run", () => {
  it("benchmarks an example: table on stdout, progress on stderr, a valid --json report", async () => {
    const dir = await copyProject("examples/python-bad-order");
    const json = join(dir, "..", "report.json");
    const md = join(dir, "..", "report.md");
    const r = await cli(["run", dir, "--build-arg", `BASE=${BASE_IMAGE}`, "--json", json, "--markdown", md]);

    expect(r.stderr).toContain("cold: cold build (--no-cache)");
    expect(r.stderr).toContain(`wrote ${json}\nwrote ${md}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RUN pip install .*\s7\s.*rebuilt/);
    const written = JSON.parse(await readFile(json, "utf8"));
    const report = parseReport(written);
    expect(report.build.buildArgs).toEqual(["BASE"]);
    expect(Object.keys(written)[0]).toBe("$schema");
    expect(report.$schema).toBe(REPORT_SCHEMA_URL);
    expect(publishedSchema.safeParse(written).success).toBe(true);
    // BuildKit prints ARG values expanded in step names; the report must not carry them.
    expect(JSON.stringify(report)).not.toContain(BASE_IMAGE);
    expect(report.cold.steps.some((s) => /FROM \S*\$\{BASE\}/.test(s.name ?? ""))).toBe(true);
    expect(await readFile(md, "utf8")).toContain("| Cache hit ratio |");
  });

  it("the README's quick start prints what the README shows (docs)", async () => {
    // The README's command word for word, the bundled CLI in a directory where the example's path
    // reads as in the README (a copy: the touch must not race other runs of the repository's own).
    const root = await mkdtemp(join(tmpdir(), "dcb-quick-start-"));
    await cp(join(REPO, "examples/python-bad-order"), join(root, "examples/python-bad-order"), {
      recursive: true,
    });
    const args = ["run", "examples/python-bad-order", "--build-arg", `BASE=${BASE_IMAGE}`];
    const r = await spawnCli(args, { bundled: true, cwd: root }).done;

    expect(r.code, r.stderr).toBe(0);
    const shown = `\`\`\`text\n$ node dist/cli.js ${args.join(" ")}\n${r.stderr}${r.stdout}\`\`\`\n`;
    checkDocExample("quick-start", shown, stableTerminal);
  });

  it("a build that fails: exit 2, one line naming the step and its exit code, no stack trace", async () => {
    const dir = await copyProject("test/engine/projects/fails-cold");
    const r = await cli(["run", dir, "--build-arg", `BASE=${BASE_IMAGE}`, "-q"]);

    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^docker-cache-bench: cold build failed at step ".*RUN echo "compiling" && exit 7" \(Dockerfile line 5\) with exit code 7/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("a build that fails: the step's last output lines (redacted) on stderr and a partial --json report", async () => {
    const dir = await copyProjectUnique("test/engine/projects/fails-compile", "main.c", "//");
    const json = join(dir, "..", "failed.json");
    const r = await cli([
      "run",
      dir,
      "--build-arg",
      `BASE=${BASE_IMAGE}`,
      "--build-arg",
      "TOKEN=tok-9f8e7d",
      "--json",
      json,
      "-q",
    ]);

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /cold build failed at step ".*RUN echo .*" \(Dockerfile line 8\) with exit code 3/,
    );
    expect(r.stderr).toContain(
      "last 2 lines of the step's output:\n  | cc -c main.c (registry token ${TOKEN})\n  | main.c:3: error: missing semicolon\n",
    );
    expect(r.stderr).not.toContain("tok-9f8e7d");
    const partial = FailedReportSchema.parse(JSON.parse(await readFile(json, "utf8")));
    expect(partial.error).toMatchObject({ phase: "cold", line: 8, exitCode: 3 });
    expect(partial.error.logTail).toContain("main.c:3: error: missing semicolon");
    expect(partial.cold.steps.find((s) => s.status === "error")?.line).toBe(8);
    expect(JSON.stringify(partial)).not.toContain("tok-9f8e7d");
    // A failed build's report is never mistaken for a run to compare with.
    const c = await cli(["compare", json, json]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/a report of a failed build, nothing to compare/);
  });

  it("keeps build-arg values out of every output, even in debug logs", async () => {
    const dir = await copyProject("examples/python-good-order");
    const r = await cli(
      [
        "run",
        dir,
        "--build-arg",
        `BASE=${BASE_IMAGE}`,
        "--build-arg",
        "PIP_TOKEN=s3cr3t-value",
        "--json",
        "-",
      ],
      {
        DOCKER_CACHE_BENCH_DEBUG: "1",
      },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("debug: exec:");
    expect(r.stdout + r.stderr).not.toContain("s3cr3t-value");
    expect(parseReport(JSON.parse(r.stdout)).build.buildArgs).toEqual(["BASE", "PIP_TOKEN"]);
  });
});

describe("cli gates", () => {
  it("run and compare take the Action's budgets and exit 1 with the gate table", async () => {
    const good = await copyProject("examples/python-good-order");
    const bad = await copyProject("examples/python-bad-order");
    const baseJson = join(good, "..", "good.json");
    const headJson = join(bad, "..", "bad.json");
    const base = await cli(["run", good, "--build-arg", `BASE=${BASE_IMAGE}`, "--json", baseJson, "-q"]);
    expect(base.code, base.stderr).toBe(0);

    const r = await cli([
      "run",
      bad,
      "--build-arg",
      `BASE=${BASE_IMAGE}`,
      "--baseline",
      baseJson,
      "--fail-on-cache-regression",
      "--max-image-size",
      "1GB",
      "--min-cache-hit-ratio",
      "99%",
      "--json",
      headJson,
      "-q",
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^ {2}Gate\s+Limit\s+Actual$/m);
    expect(r.stdout).toMatch(/^ {2}fail-on-cache-regression\s+none\s+1 step\s+FAILED$/m);
    expect(r.stdout).toMatch(/^ {2}max-image-size\s+1\.00 GB\s+\S+ MB\s+ok$/m);
    expect(r.stdout).toMatch(/^ {2}min-cache-hit-ratio\s+99%\s+\d+%\s+FAILED$/m);
    expect(r.stdout).toContain("Cache regressions (cached on base after the touch, rebuilt on head)");
    expect(r.stderr).toMatch(
      /^docker-cache-bench: 2 gates failed:\n- min-cache-hit-ratio: .*\n- fail-on-cache-regression: cache regression: RUN pip install --no-cache-dir -r requirements.txt \(line 7\)/m,
    );

    const c = await cli([
      "compare",
      baseJson,
      headJson,
      "--fail-on-cache-regression",
      "--max-image-growth",
      "50%",
    ]);
    expect(c.code, c.stderr).toBe(1);
    expect(c.stdout).toMatch(/^ {2}max-image-growth\s+\+50%\s+[+−]\S+ (k?B|MB) \([+−][\d.]+%\)\s+ok$/m);
    expect(c.stderr).toMatch(/1 gate failed:\n- fail-on-cache-regression: cache regression/);
    const same = await cli([
      "compare",
      baseJson,
      baseJson,
      "--fail-on-cache-regression",
      "--max-image-size",
      "1GB",
    ]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/^ {2}fail-on-cache-regression\s+none\s+none\s+ok$/m);
  });
});

describe("cli errors before any build", () => {
  it.each([
    { name: "unknown command", args: ["frobnicate"], message: /unknown command "frobnicate"/ },
    { name: "bad --mode", args: ["run", "--mode", "legacy"], message: /--mode must be buildx or builtin/ },
    { name: "bad build arg", args: ["run", "--build-arg", "=x"], message: /--build-arg needs KEY=VALUE/ },
    {
      name: "missing docker binary",
      args: ["run", "examples/python-bad-order", "--docker", "/nonexistent/docker"],
      message: /\/nonexistent\/docker: command not found/,
    },
    { name: "missing Dockerfile", args: ["run", "test"], message: /Dockerfile not found/ },
  ])("$name → exit 2 with a message", async ({ args, message }) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("cli parse", () => {
  it.each([
    {
      name: "a plain log file",
      args: ["parse", "test/fixtures/progress/buildx-plain-warm.log"],
      format: "plain",
    },
    {
      name: "a rawjson log file",
      args: ["parse", "test/fixtures/progress/buildx-rawjson-warm.log"],
      format: "rawjson",
    },
  ])("$name → { kind, schemaVersion, format, steps, imageId } on stdout", async ({ args, format }) => {
    const r = await cli(args);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      kind: string;
      schemaVersion: number;
      format: string;
      steps: { name: string | null; status: string; seconds: number | null }[];
      imageId: string | null;
    };
    expect(Object.keys(out).slice(0, 2)).toEqual(["kind", "schemaVersion"]);
    expect(out).toMatchObject({ kind: "docker-cache-bench/parse", schemaVersion: 1, format });
    expect(out.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(out.steps.some((s) => s.status === "cached")).toBe(true);
    expect(out.steps.some((s) => s.status === "done" && typeof s.seconds === "number")).toBe(true);
    expect(out.steps.every((s) => !s.name?.startsWith("#0"))).toBe(true);
  });

  it("reads standard input with -", async () => {
    // A complete build ends with its export; without one, parse says the log was cut (exit 1).
    const log = "#1 [2/2] RUN make\n#1 DONE 9.4s\n\n#2 exporting to image\n#2 DONE 0.0s\n";
    const r = await spawnCli(["parse", "-"], { input: log }).done;
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).steps).toEqual([
      expect.objectContaining({ name: "[2/2] RUN make", status: "done", seconds: 9.4 }),
      expect.objectContaining({ name: "exporting to image", status: "done" }),
    ]);
  });

  it("a missing file: exit 2 with the path", async () => {
    const r = await cli(["parse", "no/such.log"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such log file: no\/such\.log/);
  });
});

describe("cli compare", () => {
  it("--json - prints the comparison with its kind and version first", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dcb-compare-"));
    const base = makeReport({ warm: [step("RUN make", "cached", null, 3)] });
    const head = makeReport({ warm: [step("RUN make", "done", 9, 3)] });
    await writeFile(join(dir, "base.json"), JSON.stringify(base));
    await writeFile(join(dir, "head.json"), JSON.stringify(head));

    const r = await cli(["compare", join(dir, "base.json"), join(dir, "head.json"), "--json", "-"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).slice(0, 2)).toEqual(["kind", "schemaVersion"]);
    expect(out).toMatchObject({ kind: "docker-cache-bench/comparison", schemaVersion: 1 });
    expect(out.cacheRegressions).toEqual([expect.objectContaining({ instruction: "RUN make" })]);
    await rm(dir, { recursive: true, force: true });
  });
});
