// How a bake target's attributes become the options its builds run with (src/bake/run.ts).
import { describe, expect, it } from "vitest";
import type { BakeImage } from "../../src/bake/parse.js";
import { imageOptions } from "../../src/bake/run.js";
import type { BenchmarkOptions } from "../../src/benchmark.js";
import { buildOptionArgs, NO_BUILD_OPTIONS, type BuildOptions } from "../../src/docker/build-options.js";
import { defaultBenchOptions } from "../support/bench-options.js";

const IMAGE: BakeImage = {
  id: "api",
  target: "api",
  context: "/repo/api",
  dockerfile: "/repo/api/Dockerfile",
  stage: "prod",
  platform: null,
  args: { BASE: "from-file" },
  contexts: {},
  network: "host",
  shmSize: null,
  ulimits: [],
  entitlements: ["network.host"],
};

const base = (buildOptions: Partial<BuildOptions> = {}): BenchmarkOptions =>
  defaultBenchOptions("/repo", "/state", { buildOptions: { ...NO_BUILD_OPTIONS, ...buildOptions } });

describe("a bake target's entitlements", () => {
  it.each([
    ["the target's alone", {}, ["network.host"]],
    ["the user's add to them", { allow: ["security.insecure"] }, ["network.host", "security.insecure"]],
    ["one asked twice is passed once", { allow: ["network.host"] }, ["network.host"]],
  ])("%s", (_, user, allow) => {
    const o = imageOptions(base(user), IMAGE);
    expect(o.buildOptions.allow).toEqual(allow);
    expect(buildOptionArgs(o.buildOptions, "buildx").argv).toEqual([
      "--network",
      "host",
      ...allow.flatMap((a) => ["--allow", a]),
    ]);
  });

  it("none: no --allow", () => {
    const o = imageOptions(base(), { ...IMAGE, network: null, entitlements: [] });
    expect(buildOptionArgs(o.buildOptions, "buildx").argv).toEqual([]);
  });

  it("refused by name on the built-in BuildKit, as the CLI's --allow is", () => {
    const o = imageOptions(base(), IMAGE);
    expect(() => buildOptionArgs(o.buildOptions, "builtin")).toThrow(/--allow need buildx/);
  });
});
