import { NO_BUILD_OPTIONS } from "../../src/docker/build-options.js";
import { describe, expect, it } from "vitest";
import { buildBuildArgs, redactArgv, type BuildRequest } from "../../src/docker/build.js";
import type { DockerEnv } from "../../src/docker/detect.js";
import { parseVersion, versionAtLeast } from "../../src/docker/detect.js";

const env = (over: Partial<DockerEnv> = {}): DockerEnv => ({
  docker: "docker",
  mode: "buildx",
  clientVersion: "28.2.2",
  serverVersion: "20.10.24",
  buildxVersion: "0.13.1",
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
  buildArgs: { BASE: "python:3.12-slim", PATH: "/secret/path" },
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

  it("an arg named like an environment variable docker needs goes in argv, and redactArgv hides it", () => {
    const { argv } = buildBuildArgs(env(), req, files);
    expect(argv).toContain("PATH=/secret/path");
    expect(redactArgv(argv)).toContain("PATH=***");
    expect(redactArgv(argv).join(" ")).not.toContain("/secret/path");
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
