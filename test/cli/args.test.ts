import { describe, expect, it } from "vitest";
import { parseBuildArgs, parseCliArgs } from "../../src/cli/args.js";
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
    { name: "unknown flag", argv: ["run", "--frob"] },
    { name: "two contexts", argv: ["run", "a", "b"] },
    { name: "bad progress", argv: ["run", "--progress", "tty"] },
    { name: "compare with one file", argv: ["compare", "a.json"] },
    { name: "negative noise", argv: ["compare", "a", "b", "--noise-seconds", "-1"] },
  ])("$name is a UsageError", ({ argv }) => {
    expect(() => parseCliArgs(argv, {})).toThrow(UsageError);
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
