// The environment docker children get: an allowlist (the engine test in test/engine/child-env.test.ts
// reads it back from /proc/<pid>/environ of the real docker processes).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { buildOptionArgs, NO_BUILD_OPTIONS } from "../../src/docker/build-options.js";
import { dockerChildEnv, PASS_ENV_VARIABLE } from "../../src/docker/child-env.js";
import { execText } from "../../src/docker/exec.js";

/** What a GitHub runner's step environment holds besides docker's own settings. */
const RUNNER = {
  PATH: "/usr/bin",
  HOME: "/home/runner",
  LANG: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  http_proxy: "http://proxy:3128",
  NO_PROXY: "localhost",
  DOCKER_HOST: "unix:///run/docker.sock",
  DOCKER_CONFIG: "/home/runner/.docker",
  BUILDX_BUILDER: "ci",
  BUILDKIT_PROGRESS: "plain",
  XDG_RUNTIME_DIR: "/run/user/1001",
  "INPUT_GITHUB-TOKEN": "ghs_canary",
  GITHUB_TOKEN: "ghs_canary",
  ACTIONS_RUNTIME_TOKEN: "canary",
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: "canary",
  ACTIONS_ID_TOKEN_REQUEST_URL: "https://token",
  ACTIONS_CACHE_URL: "https://cache",
  NPM_TOKEN: "npm_canary",
  AWS_SECRET_ACCESS_KEY: "canary",
  DOCKER_PASSWORD: "canary",
  DOCKERHUB_TOKEN: "canary",
  DOCKER_CONTENT_TRUST_ROOT_PASSPHRASE: "canary",
  BUILDX_BAKE_GIT_AUTH_TOKEN: "canary",
  BUILDX_NO_DEFAULT_LOAD: "1",
  OTEL_EXPORTER_OTLP_HEADERS: "authorization=canary",
  GITHUB_REPOSITORY: "acme/widgets",
  RUNNER_TEMP: "/tmp/runner",
  SSH_AUTH_SOCK: "/tmp/agent.sock",
  NODE_OPTIONS: "--require /tmp/evil.js",
  LD_PRELOAD: "/tmp/evil.so",
};

describe("dockerChildEnv", () => {
  it("passes docker's settings, locale and proxies; drops tokens, the runner's variables and loader hooks", () => {
    const env = dockerChildEnv(RUNNER, {}, "linux");
    expect(Object.keys(env).sort()).toEqual(
      [
        "BUILDKIT_PROGRESS",
        "BUILDX_BUILDER",
        "DOCKER_CONFIG",
        "DOCKER_HOST",
        "HOME",
        "LANG",
        "LC_ALL",
        "NO_PROXY",
        "PATH",
        "XDG_RUNTIME_DIR",
        "http_proxy",
      ].sort(),
    );
    expect(Object.values(env).join("\n")).not.toMatch(/canary|evil/);
  });

  it.each([
    {
      name: "a name to pass (a --secret env=NAME)",
      opts: { pass: ["NPM_TOKEN"] },
      want: { NPM_TOKEN: "npm_canary" },
    },
    {
      name: "a value the tool sets wins",
      opts: { set: { HOME: "/pinned", TOKEN: "t" } },
      want: { HOME: "/pinned", TOKEN: "t" },
    },
    { name: "a name to pass that is not set", opts: { pass: ["MISSING"] }, want: {} },
  ])("$name", ({ opts, want }) => {
    const env = dockerChildEnv(RUNNER, opts, "linux");
    expect(env).toMatchObject(want);
    expect("MISSING" in env).toBe(false);
  });

  it("SSH_AUTH_SOCK only when docker talks over ssh or the user lists it", () => {
    expect(dockerChildEnv(RUNNER, {}, "linux").SSH_AUTH_SOCK).toBeUndefined();
    expect(dockerChildEnv({ ...RUNNER, DOCKER_HOST: "ssh://me@host" }, {}, "linux").SSH_AUTH_SOCK).toBe(
      "/tmp/agent.sock",
    );
    const listed = { ...RUNNER, [PASS_ENV_VARIABLE]: "SSH_AUTH_SOCK, AWS_SECRET_ACCESS_KEY" };
    expect(dockerChildEnv(listed, {}, "linux")).toMatchObject({
      SSH_AUTH_SOCK: "/tmp/agent.sock",
      AWS_SECRET_ACCESS_KEY: "canary",
    });
  });

  it("on Windows names match in any case (its environment is case-insensitive)", () => {
    const env = dockerChildEnv(
      { Path: "C:\\bin", SystemRoot: "C:\\Windows", GitHub_Token: "x" },
      {},
      "win32",
    );
    expect(env).toEqual({ Path: "C:\\bin", SystemRoot: "C:\\Windows" });
  });
});

describe("buildOptionArgs pass", () => {
  it("names the user's --secret env variables and SSH_AUTH_SOCK for --ssh, never an inline value's", () => {
    const { pass, env } = buildOptionArgs(
      {
        ...NO_BUILD_OPTIONS,
        secrets: [
          { id: "npm", source: { kind: "env", name: "NPM_TOKEN" } },
          { id: "inline", source: { kind: "value", value: "v4lue" } },
          { id: "file", source: { kind: "file", path: "/tmp/f" } },
        ],
        ssh: ["default"],
      },
      "buildx",
    );
    expect(pass).toEqual(["SSH_AUTH_SOCK", "NPM_TOKEN"]);
    expect(env).toEqual({ DOCKER_CACHE_BENCH_SECRET_1: "v4lue" });
  });
});

describe("execCommand without an env", () => {
  it("gives the child the allowlist, not this process's environment", async () => {
    process.env.DCB_TEST_CANARY_TOKEN = "canary-4f1e";
    try {
      const out = await execText(["sh", "-c", "env"]);
      expect(out).not.toContain("canary-4f1e");
      expect(out).toMatch(/^PATH=/m);
      // Sanity: the same command with the whole environment does see it.
      expect(spawnSync("sh", ["-c", "env"], { encoding: "utf8" }).stdout).toContain("canary-4f1e");
    } finally {
      delete process.env.DCB_TEST_CANARY_TOKEN;
    }
  });
});
