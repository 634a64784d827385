import { NO_BUILD_OPTIONS } from "../../src/docker/build-options.js";
import { describe, expect, it } from "vitest";
import {
  buildBuildArgs,
  refusedBuildArgName,
  resolveExecutable,
  type BuildRequest,
} from "../../src/docker/build.js";
import type { DockerEnv } from "../../src/docker/detect.js";
import { parseVersion, versionAtLeast } from "../../src/docker/detect.js";

const env = (over: Partial<DockerEnv> = {}): DockerEnv => ({
  docker: "docker",
  mode: "buildx",
  clientVersion: "28.2.2",
  serverVersion: "20.10.24",
  buildxVersion: "0.13.1",
  buildxPlugin: null,
  driver: "docker",
  builder: null,
  storageDriver: "overlay2",
  containerdStore: false,
  rawjson: true,
  ...over,
});
const req: BuildRequest = {
  contextDir: "/ctx",
  dockerfile: "/ctx/Dockerfile",
  target: "runtime",
  platform: "linux/amd64",
  buildArgs: { BASE: "python:3.12-slim" },
  noCache: true,
  tag: "docker-cache-bench:abc-cold",
  progress: "rawjson",
  options: NO_BUILD_OPTIONS,
};
const files = { iidFile: "/t/iid", metadataFile: "/t/md.json" };

describe("buildBuildArgs", () => {
  it("buildx: rawjson, metadata file, build-arg values passed through the environment", () => {
    const { argv, env: childEnv } = buildBuildArgs(env(), req, files);
    expect(argv.slice(0, 6)).toEqual([
      "docker",
      "buildx",
      "build",
      "--progress=rawjson",
      "--metadata-file",
      "/t/md.json",
    ]);
    expect(argv).toContain("--no-cache");
    expect(argv.join(" ")).toContain("--target runtime --platform linux/amd64 --build-arg BASE");
    expect(argv).not.toContain("BASE=python:3.12-slim");
    expect(childEnv).toEqual({ BASE: "python:3.12-slim", BUILDX_METADATA_PROVENANCE: "disabled" });
    expect(argv.at(-1)).toBe("/ctx");
  });

  it("the plugin run directly, as the client runs it: its arguments, the client named in its environment", () => {
    const plugin = "/usr/libexec/docker/cli-plugins/docker-buildx";
    const direct = buildBuildArgs(env({ buildxPlugin: plugin }), req, files);
    const viaClient = buildBuildArgs(env(), req, files);
    expect(direct.argv).toEqual([plugin, ...viaClient.argv.slice(1)]);
    expect(direct.env).toEqual({
      ...viaClient.env,
      DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND: resolveExecutable("docker"),
    });
    expect(direct.env.DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND).toMatch(/^\//);
    // Built-in BuildKit has no plugin: a plugin path there is never used.
    const builtin = buildBuildArgs(env({ mode: "builtin", buildxPlugin: plugin }), req, files);
    expect(builtin.argv.slice(0, 2)).toEqual(["docker", "build"]);
    expect(builtin.env).not.toHaveProperty("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND");
  });

  it("with HOME as a build arg the direct plugin gets the client's --config before its name", () => {
    const plugin = "/p/docker-buildx";
    const { argv } = buildBuildArgs(
      env({ buildxPlugin: plugin }),
      { ...req, buildArgs: { HOME: "/h" } },
      files,
    );
    expect(argv.slice(0, 5)).toEqual([
      plugin,
      "--config",
      process.env.DOCKER_CONFIG ?? `${process.env.HOME}/.docker`,
      "buildx",
      "build",
    ]);
  });

  it("PATH and HOME go through the environment too; docker is found first and its config dir pinned", () => {
    const { argv, env: childEnv } = buildBuildArgs(
      env(),
      { ...req, buildArgs: { PATH: "/secret/path", HOME: "/secret/home", NODE_AUTH_TOKEN: "npm_x" } },
      files,
    );
    expect(argv.join(" ")).not.toMatch(/secret|npm_x/);
    expect(childEnv).toEqual({
      PATH: "/secret/path",
      HOME: "/secret/home",
      NODE_AUTH_TOKEN: "npm_x",
      BUILDX_METADATA_PROVENANCE: "disabled",
    });
    expect(argv[0]).toBe(resolveExecutable("docker"));
    expect(argv[0]).toMatch(/^\//);
    expect(argv.slice(1, 4)).toEqual([
      "--config",
      process.env.DOCKER_CONFIG ?? `${process.env.HOME}/.docker`,
      "buildx",
    ]);
  });

  it.each([
    { name: "docker's daemon address", key: "DOCKER_HOST", refused: true },
    { name: "buildx settings", key: "BUILDX_BUILDER", refused: true },
    { name: "the loader", key: "LD_PRELOAD", refused: true },
    { name: "progress style", key: "BUILDKIT_PROGRESS", refused: true },
    { name: "a BuildKit frontend arg", key: "BUILDKIT_INLINE_CACHE", refused: false },
    { name: "a docker-in-docker version arg", key: "DOCKER_VERSION", refused: false },
    { name: "XDG dirs", key: "XDG_CACHE_HOME", refused: false },
    { name: "npm token", key: "NODE_AUTH_TOKEN", refused: false },
  ])("$name: $key refused=$refused", ({ key, refused }) => {
    expect(refusedBuildArgName(key) !== null).toBe(refused);
    const build = () => buildBuildArgs(env(), { ...req, buildArgs: { [key]: "v4lue" } }, files);
    if (refused) expect(build).toThrow(/cannot be passed/);
    else expect(build().argv.join(" ")).not.toContain("v4lue");
  });

  it("built-in BuildKit: docker build with DOCKER_BUILDKIT=1 and plain progress, no metadata file", () => {
    const { argv, env: childEnv } = buildBuildArgs(
      env({ mode: "builtin", buildxVersion: null, rawjson: false }),
      { ...req, progress: "plain" },
      files,
    );
    expect(argv.slice(0, 3)).toEqual(["docker", "build", "--progress=plain"]);
    expect(argv).not.toContain("--metadata-file");
    expect(childEnv.DOCKER_BUILDKIT).toBe("1");
    expect(childEnv.BUILDX_METADATA_PROVENANCE).toBeUndefined();
  });

  it("a non-docker driver loads the result into the local store", () => {
    const { argv } = buildBuildArgs(env({ driver: "docker-container", builder: "ci" }), req, files);
    expect(argv).toContain("--load");
    expect(argv.join(" ")).toContain("--builder ci");
  });
});

describe("versions", () => {
  it.each([
    {
      name: "upstream buildx",
      text: "github.com/docker/buildx v0.36.1 abc",
      min: [0, 12] as [number, number],
      want: true,
    },
    { name: "Debian buildx", text: "0.13.1+ds1", min: [0, 12] as [number, number], want: true },
    { name: "old buildx", text: "v0.11.2", min: [0, 12] as [number, number], want: false },
    { name: "docker 20.10 client", text: "20.10.24+dfsg1", min: [23, 0] as [number, number], want: false },
    { name: "docker 28 client", text: "28.2.2", min: [23, 0] as [number, number], want: true },
  ])("$name", ({ text, min, want }) => {
    expect(parseVersion(text)).not.toBeNull();
    expect(versionAtLeast(text, min)).toBe(want);
  });
});
