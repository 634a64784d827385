import { describe, expect, it } from "vitest";
import { parseStartTicks } from "../../src/touch/owner.js";
import { defaultStateDir } from "../../src/touch/statedir.js";

describe("defaultStateDir", () => {
  it.each([
    {
      name: "the env var wins",
      env: { DOCKER_CACHE_BENCH_STATE_DIR: "/var/dcb", XDG_STATE_HOME: "/x" },
      expected: "/var/dcb",
    },
    {
      name: "in GitHub Actions, the runner's temp dir",
      env: { GITHUB_ACTIONS: "true", RUNNER_TEMP: "/home/runner/work/_temp", HOME: "/home/runner" },
      expected: "/home/runner/work/_temp/docker-cache-bench-state",
    },
    {
      name: "XDG_STATE_HOME",
      env: { XDG_STATE_HOME: "/home/u/.state", HOME: "/home/u" },
      expected: "/home/u/.state/docker-cache-bench",
    },
    {
      name: "a relative XDG_STATE_HOME is ignored",
      env: { XDG_STATE_HOME: "rel", HOME: "/home/u" },
      expected: "/home/u/.local/state/docker-cache-bench",
    },
    {
      name: "an empty env var is ignored",
      env: { DOCKER_CACHE_BENCH_STATE_DIR: "", HOME: "/home/u" },
      expected: "/home/u/.local/state/docker-cache-bench",
    },
  ])("$name", ({ env, expected }) => {
    expect(defaultStateDir(env)).toBe(expected);
  });

  it("never the shared temp dir any local user can create first", () => {
    expect(defaultStateDir({ HOME: "/home/u" })).not.toMatch(/^\/tmp\//);
  });
});

describe("parseStartTicks", () => {
  it.each([
    {
      name: "a plain command",
      stat: "123 (node) S 1 123 123 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 11 0 98765 0",
      ticks: "98765",
    },
    {
      name: "a command name with spaces and parentheses",
      stat: "123 (a) b (c) S 1 123 123 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 11 0 4242 0",
      ticks: "4242",
    },
    { name: "garbage", stat: "nope", ticks: null },
  ])("$name", ({ stat, ticks }) => {
    expect(parseStartTicks(stat)).toBe(ticks);
  });
});
