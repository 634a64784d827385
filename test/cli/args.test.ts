import { describe, expect, it } from "vitest";
import { parseBuildArgs, parseCliArgs, usageFor } from "../../src/cli/args.js";
import { UsageError } from "../../src/errors.js";

describe("parseCliArgs", () => {
  it("run with every flag", () => {
    const a = parseCliArgs(
      [
        "run",
        "app",
        "-f",
        "app/Dockerfile.prod",
        "--target",
        "runtime",
        "--platform",
        "linux/arm64",
        "--build-arg",
        "A=1",
        "--touch",
        "a.py",
        "--touch",
        "b.py",
        "--builder",
        "ci",
        "--mode",
        "buildx",
        "--progress",
        "plain",
        "--keep-image",
        "--json",
        "r.json",
        "--markdown",
        "r.md",
        "-q",
      ],
      {},
    );
    expect(a).toMatchObject({
      command: "run",
      context: "app",
      file: "app/Dockerfile.prod",
      target: "runtime",
      platform: "linux/arm64",
      buildArgs: { A: "1" },
      touch: ["a.py", "b.py"],
      builder: "ci",
      mode: "buildx",
      progress: "plain",
      keepImage: true,
      json: "r.json",
      markdown: "r.md",
      quiet: true,
    });
  });

  it("the docker binary comes from DOCKER_CACHE_BENCH_DOCKER unless --docker is given", () => {
    expect(parseCliArgs(["run"], { DOCKER_CACHE_BENCH_DOCKER: "/opt/docker" })).toMatchObject({
      docker: "/opt/docker",
      context: ".",
    });
    expect(
      parseCliArgs(["run", "--docker", "d"], { DOCKER_CACHE_BENCH_DOCKER: "/opt/docker" }),
    ).toMatchObject({ docker: "d" });
  });

  it.each([
    { name: "help run", argv: ["help", "run"], topic: "run" },
    { name: "run --help", argv: ["run", "--help"], topic: "run" },
    { name: "compare -h", argv: ["compare", "a", "-h"], topic: "compare" },
    { name: "--help", argv: ["--help"], topic: null },
  ])("$name → help for that command", ({ argv, topic }) => {
    expect(parseCliArgs(argv, {})).toEqual({ command: "help", topic });
  });

  it("per-command usage: its line, its options, gates where it takes them", () => {
    const run = usageFor("run");
    expect(run).toContain("docker-cache-bench run [CONTEXT]");
    expect(run).toContain("--secret id=ID");
    expect(run).toContain("--max-image-size");
    expect(run).not.toContain("docker-cache-bench compare");
    const parse = usageFor("parse");
    expect(parse).toContain("docker-cache-bench parse [LOG|-]");
    expect(parse).not.toContain("--max-image-size");
    expect(() => parseCliArgs(["help", "frob"], {})).toThrow(/help: unknown command "frob"/);
  });

  it.each([["-v"], ["-V"], ["--version"]])("%s → version", (flag) => {
    expect(parseCliArgs([flag], {})).toEqual({ command: "version" });
  });

  it("gates: the Action's budgets, read by the Action's parser", () => {
    const argv = [
      "run",
      "--baseline",
      "base.json",
      "--max-image-size",
      "250MB",
      "--max-image-growth",
      "10%",
      "--max-warm-seconds",
      "1m30s",
      "--min-cache-hit-ratio",
      "80%",
      "--fail-on-cache-regression",
      "--noise-percent",
      "5",
    ];
    expect(parseCliArgs(argv, {})).toMatchObject({
      baseline: "base.json",
      gates: {
        maxImageSize: 250_000_000,
        maxImageGrowth: { kind: "ratio", ratio: 0.1 },
        maxWarmSeconds: 90,
        minCacheHitRatio: 0.8,
        failOnCacheRegression: true,
      },
      noise: { seconds: 2, ratio: 0.05 },
    });
    expect(parseCliArgs(["compare", "a", "b", "--max-image-growth", "20MB"], {})).toMatchObject({
      gates: { maxImageGrowth: { kind: "bytes", bytes: 20_000_000 }, failOnCacheRegression: false },
    });
  });

  it.each([
    {
      name: "a size it cannot read",
      argv: ["run", "--max-image-size", "huge", "--min-cache-hit-ratio", "2"],
      message:
        /--max-image-size: cannot read "huge" \(example: 250MB\); --min-cache-hit-ratio: cannot read "2"/,
    },
    {
      name: "a relative gate on run without a base",
      argv: ["run", "--fail-on-cache-regression"],
      message: /--fail-on-cache-regression compare with a base: add --baseline FILE/,
    },
  ])("gates: $name is a UsageError that says why", ({ argv, message }) => {
    expect(() => parseCliArgs(argv, {})).toThrow(message);
  });

  it.each([
    { name: "unknown flag", argv: ["run", "--frob"] },
    { name: "two contexts", argv: ["run", "a", "b"] },
    { name: "bad progress", argv: ["run", "--progress", "tty"] },
    { name: "compare with one file", argv: ["compare", "a.json"] },
    { name: "negative noise", argv: ["compare", "a", "b", "--noise-seconds", "-1"] },
    { name: "merge with no report", argv: ["merge", "--json", "out.json"] },
    {
      name: "merge: a relative gate without a base",
      argv: ["merge", "r/*.json", "--fail-on-cache-regression"],
    },
  ])("$name is a UsageError", ({ argv }) => {
    expect(() => parseCliArgs(argv, {})).toThrow(UsageError);
  });
});

describe("merge", () => {
  it("several reports, globs and baselines, with the gates", () => {
    const args = parseCliArgs(
      [
        "merge",
        "reports/*/report.json",
        "extra.json",
        "--baseline",
        "base/",
        "--baseline",
        "b.json",
        "--markdown",
        "c.md",
        "--fail-on-cache-regression",
      ],
      {},
    );
    expect(args).toMatchObject({
      command: "merge",
      reports: ["reports/*/report.json", "extra.json"],
      baselines: ["base/", "b.json"],
      markdown: "c.md",
      json: null,
      gates: { failOnCacheRegression: true },
    });
  });
});

describe("parseBuildArgs", () => {
  it("KEY=VALUE, KEY from the environment, and = inside values", () => {
    expect(parseBuildArgs(["A=1", "TOKEN", "B=x=y"], { TOKEN: "t" })).toEqual({
      A: "1",
      TOKEN: "t",
      B: "x=y",
    });
  });
  it("KEY alone that is not set is an error that names it", () => {
    expect(() => parseBuildArgs(["MISSING"], {})).toThrow(/MISSING is not set/);
  });
});
