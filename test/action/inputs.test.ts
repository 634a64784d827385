import { describe, expect, it } from "vitest";
import { INPUT_NAMES, parseInputs } from "../../src/inputs.js";
import { DEFAULTS } from "./defaults.js";
import { UsageError } from "../../src/errors.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";

describe("parseInputs", () => {
  it("zero inputs: context ., Dockerfile in it, cache baseline, sticky comment", () => {
    const i = parseInputs(DEFAULTS);
    expect(i).toMatchObject({
      context: ".",
      file: null,
      benchmarkId: ".",
      baseline: { kind: "cache" },
      comment: "always",
      noise: { seconds: 2, ratio: 0.1 },
      repeat: 1,
      budgets: { maxImageSize: null, maxImageGrowth: null, failOnCacheRegression: false },
    });
  });

  it("every budget, build args and a baseline file", () => {
    const i = parseInputs({
      ...DEFAULTS,
      "build-args": "BASE=python:3.12-slim\n# a comment\nTOKEN=a=b\n",
      touch: "app/main.py\n",
      baseline: "reports/main.json",
      "max-image-size": "250MB",
      "max-image-growth": "5%",
      "max-warm-seconds": "1m30s",
      "min-cache-hit-ratio": "75%",
      "fail-on-cache-regression": "true",
      repeat: "3",
      "baseline-branches": "main, release\ndevelop",
    });
    expect(i.buildArgs).toEqual({ BASE: "python:3.12-slim", TOKEN: "a=b" });
    expect(i.touch).toEqual(["app/main.py"]);
    expect(i.baseline).toEqual({ kind: "file", path: "reports/main.json" });
    expect(i.baselineBranches).toEqual(["main", "release", "develop"]);
    expect(i.budgets).toEqual({
      sizeKind: "uncompressed",
      maxImageSize: 250_000_000,
      maxImageGrowth: { kind: "ratio", ratio: 0.05 },
      maxWarmSeconds: 90,
      minCacheHitRatio: 0.75,
      failOnCacheRegression: true,
    });
    expect(i.repeat).toBe(3);
  });

  it.each([
    {
      name: "size",
      input: { "max-image-size": "big" },
      message: /max-image-size: cannot read "big" \(example: 250MB\)/,
    },
    {
      name: "growth",
      input: { "max-image-growth": "lots" },
      message: /max-image-growth: .*example: 10% or 20MB/,
    },
    { name: "duration", input: { "max-warm-seconds": "soon" }, message: /max-warm-seconds: .*example: 90s/ },
    {
      name: "ratio",
      input: { "min-cache-hit-ratio": "2" },
      message: /min-cache-hit-ratio: .*example: 0.8 or 80%/,
    },
    {
      name: "comment mode",
      input: { comment: "sometimes" },
      message: /comment: must be one of always, on-change, never/,
    },
    {
      name: "boolean",
      input: { "fail-on-cache-regression": "maybe" },
      message: /fail-on-cache-regression: must be true or false/,
    },
    { name: "repeat", input: { repeat: "0" }, message: /repeat: must be a whole number from 1 to 20/ },
    { name: "repeat above the maximum", input: { repeat: "1000000" }, message: /repeat: .* from 1 to 20/ },
    {
      name: "build arg",
      input: { "build-args": "just-a-value" },
      message: /build-args: entry 1 .*is not KEY=VALUE .*\(example: BASE=python:3.12-slim\)/,
    },
    {
      name: "build arg docker reads itself",
      input: { "build-args": "DOCKER_HOST=tcp://evil:2375" },
      message: /build-args: build arg DOCKER_HOST cannot be passed/,
    },
  ])("a bad $name names the input and an example", ({ input, message }) => {
    expect(() => parseInputs({ ...DEFAULTS, ...input })).toThrow(UsageError);
    expect(() => parseInputs({ ...DEFAULTS, ...input })).toThrow(message);
  });

  it("a malformed build-args line is never echoed (it may be a secret pasted wrong)", () => {
    const secret = "ghp_s3cr3tTokenValue0123456789";
    expect(() => parseInputs({ ...DEFAULTS, "build-args": `BASE=x\n${secret}` })).toThrow(/entry 2/);
    expect(() => parseInputs({ ...DEFAULTS, "build-args": `BASE=x\n${secret}` })).not.toThrow(/ghp_/);
  });

  it("bake: files and targets one per line or comma; the comment is named after the file", () => {
    const i = parseInputs({
      ...DEFAULTS,
      bake: "docker-bake.hcl\n# overrides\ndocker-bake.override.hcl\n",
      "bake-targets": "api, web\nworker",
    });
    expect(i.bake).toEqual(["docker-bake.hcl", "docker-bake.override.hcl"]);
    expect(i.bakeTargets).toEqual(["api", "web", "worker"]);
    expect(i.benchmarkId).toBe("docker-bake.hcl,docker-bake.override.hcl");
    expect(i.benchmarkIdGiven).toBe(false);
    expect(parseInputs({ ...DEFAULTS, bake: "compose.yaml", "benchmark-id": "services" }).benchmarkId).toBe(
      "services",
    );
  });

  it("report: one file, or several files and globs one per line", () => {
    expect(parseInputs({ ...DEFAULTS, report: "report.json" }).report).toEqual(["report.json"]);
    expect(parseInputs({ ...DEFAULTS, report: "reports/**/*.json\nextra/report.json\n" }).report).toEqual([
      "reports/**/*.json",
      "extra/report.json",
    ]);
    expect(parseInputs(DEFAULTS).report).toEqual([]);
  });

  it.each([
    { name: "file", input: { file: "Dockerfile.prod" }, message: /file: not taken with bake/ },
    { name: "target", input: { target: "prod" }, message: /target: not taken with bake .*bake-targets/ },
    { name: "touch", input: { touch: "app/main.py" }, message: /touch: not taken with bake/ },
    { name: "report", input: { report: "r.json" }, message: /bake and report: give one/ },
  ])("bake with $name: refused, saying why", ({ input, message }) => {
    expect(() => parseInputs({ ...DEFAULTS, bake: "docker-bake.hcl", ...input })).toThrow(message);
  });

  it("bake-targets without bake is refused", () => {
    expect(() => parseInputs({ ...DEFAULTS, "bake-targets": "api" })).toThrow(/bake-targets: needs bake/);
  });

  it("every input the schema reads is declared in action.yml, and vice versa", () => {
    const yml = readFileSync(join(import.meta.dirname, "../../action.yml"), "utf8");
    const declared = [...yml.split("outputs:")[0]!.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual([...INPUT_NAMES].sort());
  });
});
