import { describe, expect, it } from "vitest";
import {
  buildOptionArgs,
  NO_BUILD_OPTIONS,
  parseSecretFlag,
  refuseDroppedOptions,
  secretFromInput,
} from "../../src/docker/build-options.js";
import { UsageError } from "../../src/errors.js";
import { DEFAULTS } from "../action/defaults.js";
import { parseInputs } from "../../src/inputs.js";

describe("build options", () => {
  it.each([
    { name: "env", flag: "id=npm,env=NPM_TOKEN", source: { kind: "env", name: "NPM_TOKEN" } },
    { name: "src", flag: "id=npm,src=/run/t", source: { kind: "file", path: "/run/t" } },
    {
      name: "type=file,source",
      flag: "type=file,id=npm,source=t.txt",
      source: { kind: "file", path: "t.txt" },
    },
  ])("--secret $name", ({ flag, source }) => {
    expect(parseSecretFlag(flag)).toEqual({ id: "npm", source });
  });

  it.each([
    { name: "no source", flag: "id=npm" },
    { name: "both sources", flag: "id=npm,env=A,src=b" },
    { name: "an inline value", flag: "id=npm,value=s3cr3t" },
    { name: "a bad id", flag: "id=a b,env=A" },
  ])("--secret with $name is a UsageError", ({ flag }) => {
    expect(() => parseSecretFlag(flag)).toThrow(UsageError);
  });

  it("argv: every option as docker names it; an inline secret value only in the child's environment", () => {
    const { argv, env } = buildOptionArgs(
      {
        secrets: [
          { id: "a", source: { kind: "value", value: "s3cr3t-value" } },
          { id: "b", source: { kind: "file", path: "/t/b" } },
        ],
        ssh: ["default"],
        buildContexts: { shared: "/ctx/shared" },
        network: "host",
        addHosts: ["db:10.0.0.2"],
        allow: ["network.host"],
        shmSize: "2g",
        ulimits: ["nofile=1024:1024"],
      },
      "buildx",
    );
    expect(argv).toEqual([
      "--secret",
      "id=a,env=DOCKER_CACHE_BENCH_SECRET_0",
      "--secret",
      "id=b,src=/t/b",
      "--ssh",
      "default",
      "--build-context",
      "shared=/ctx/shared",
      "--network",
      "host",
      "--add-host",
      "db:10.0.0.2",
      "--allow",
      "network.host",
      "--shm-size",
      "2g",
      "--ulimit",
      "nofile=1024:1024",
    ]);
    expect(env).toEqual({ DOCKER_CACHE_BENCH_SECRET_0: "s3cr3t-value" });
  });

  it("builtin mode (docker build of Docker ≤ 22) refuses what it cannot pass", () => {
    expect(() => buildOptionArgs({ ...NO_BUILD_OPTIONS, allow: ["network.host"] }, "builtin")).toThrow(
      /need buildx/,
    );
  });

  it.each([
    { mode: "buildx", driver: "docker", serverVersion: "20.10.24+dfsg1" },
    { mode: "builtin", driver: "docker", serverVersion: "20.10.24+dfsg1" },
  ] as const)(
    "$mode on Docker 20.10 refuses --shm-size and --ulimit by name (its BuildKit drops them)",
    (env) => {
      const both = { ...NO_BUILD_OPTIONS, shmSize: "1g", ulimits: ["nofile=1024:1024"] };
      expect(() => refuseDroppedOptions(both, env)).toThrow(
        /^--shm-size and --ulimit would not reach the build: Docker 20\.10\.24\+dfsg1's BuildKit/,
      );
      expect(() => refuseDroppedOptions({ ...NO_BUILD_OPTIONS, shmSize: "1g" }, env)).toThrow(
        /^--shm-size would not reach/,
      );
      expect(() =>
        refuseDroppedOptions({ ...NO_BUILD_OPTIONS, network: "host", addHosts: ["a:1.2.3.4"] }, env),
      ).not.toThrow();
    },
  );

  it.each([
    { mode: "buildx", driver: "docker", serverVersion: "28.5.1" },
    { mode: "buildx", driver: "docker", serverVersion: "23.0.0" },
    // A docker-container builder runs its own BuildKit, whatever the daemon's version.
    { mode: "buildx", driver: "docker-container", serverVersion: "20.10.24" },
  ] as const)("passes them on $driver, Docker $serverVersion", (env) => {
    const both = { ...NO_BUILD_OPTIONS, shmSize: "1g", ulimits: ["nofile=1024:1024"] };
    expect(() => refuseDroppedOptions(both, env)).not.toThrow();
  });

  it("Action inputs: secrets, secret-files and secret-envs become one list; lists split on commas", () => {
    const i = parseInputs({
      ...DEFAULTS,
      secrets: "npm=s3cr3t=with=equals",
      "secret-files": "cert=./ca.pem",
      "secret-envs": "gh=GH_TOKEN",
      "build-contexts": "shared=../shared\nbase=docker-image://alpine:3.20",
      "add-hosts": "db:10.0.0.2, cache:10.0.0.3",
      allow: "network.host",
    });
    expect(i.buildOptions).toMatchObject({
      secrets: [
        { id: "npm", source: { kind: "value", value: "s3cr3t=with=equals" } },
        { id: "cert", source: { kind: "file", path: "./ca.pem" } },
        { id: "gh", source: { kind: "env", name: "GH_TOKEN" } },
      ],
      buildContexts: { shared: "../shared", base: "docker-image://alpine:3.20" },
      addHosts: ["db:10.0.0.2", "cache:10.0.0.3"],
      allow: ["network.host"],
    });
    expect(() => parseInputs({ ...DEFAULTS, secrets: "just-a-value" })).toThrow(
      /secrets: expected NAME=VALUE/,
    );
  });

  it("secretFromInput names the input in its error", () => {
    expect(() => secretFromInput("env", "a b=X", "secret-envs")).toThrow(
      /secret-envs: "a b" is not a secret id/,
    );
  });
});
