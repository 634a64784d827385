import { describe, expect, it } from "vitest";
import { gitChildEnv } from "../../src/baseline/git-env.js";

describe("gitChildEnv", () => {
  it.each([
    { name: "a job token", env: { GITHUB_TOKEN: "t" }, passes: [] },
    { name: "an input", env: { "INPUT_GITHUB-TOKEN": "t" }, passes: [] },
    { name: "the runtime token", env: { ACTIONS_RUNTIME_TOKEN: "t" }, passes: [] },
    { name: "a repository-locating variable", env: { GIT_DIR: "/x", GIT_WORK_TREE: "/y" }, passes: [] },
    { name: "git tracing (its output lands in error messages)", env: { GIT_TRACE_CURL: "1" }, passes: [] },
    {
      name: "home, path and locale",
      env: { HOME: "/h", PATH: "/bin", LC_ALL: "C.UTF-8" },
      passes: ["HOME", "PATH", "LC_ALL"],
    },
    {
      name: "git config through the environment",
      env: { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "http.extraheader", GIT_CONFIG_VALUE_0: "x" },
      passes: ["GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0"],
    },
    {
      name: "ssh, TLS and HTTP settings",
      env: { GIT_SSH_COMMAND: "ssh", SSH_AUTH_SOCK: "/s", GIT_SSL_CAINFO: "/ca", GIT_HTTP_USER_AGENT: "a" },
      passes: ["GIT_SSH_COMMAND", "SSH_AUTH_SOCK", "GIT_SSL_CAINFO", "GIT_HTTP_USER_AGENT"],
    },
    {
      name: "a name the user lets through",
      env: { DOCKER_CACHE_BENCH_PASS_ENV: "GH_TOKEN", GH_TOKEN: "t", OTHER: "o" },
      passes: ["GH_TOKEN"],
    },
  ])("$name", ({ env, passes }) => {
    const out = gitChildEnv(env, "linux");
    expect(Object.keys(out).sort()).toEqual([...passes, "GIT_TERMINAL_PROMPT"].sort());
    expect(out.GIT_TERMINAL_PROMPT).toBe("0");
  });

  it("on Windows names match in any case, as its environment does", () => {
    const out = gitChildEnv({ Path: "C:\\bin", SystemRoot: "C:\\Windows", GitHub_Token: "t" }, "win32");
    expect(out).toEqual({ Path: "C:\\bin", SystemRoot: "C:\\Windows", GIT_TERMINAL_PROMPT: "0" });
  });
});
