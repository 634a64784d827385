// Where the tool talks to the daemon without a docker client: only where the client would
// certainly use that socket too (see src/docker/engine-api.ts).
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localSocket } from "../../src/docker/engine-api.js";

async function configWith(text: string | null): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dcb-docker-config-"));
  if (text !== null) await writeFile(join(dir, "config.json"), text);
  return dir;
}

describe.runIf(process.platform === "linux")("localSocket", () => {
  it.each([
    {
      name: "a unix DOCKER_HOST",
      env: { DOCKER_HOST: "unix:///run/x/docker.sock" },
      config: null,
      socket: "/run/x/docker.sock",
    },
    { name: "a tcp DOCKER_HOST", env: { DOCKER_HOST: "tcp://10.0.0.1:2376" }, config: null, socket: null },
    { name: "an ssh DOCKER_HOST", env: { DOCKER_HOST: "ssh://me@host" }, config: null, socket: null },
    { name: "no config file", env: {}, config: null, socket: "/var/run/docker.sock" },
    { name: "a config without a context", env: {}, config: '{"auths":{}}', socket: "/var/run/docker.sock" },
    {
      name: "the default context chosen",
      env: {},
      config: '{"currentContext":"default"}',
      socket: "/var/run/docker.sock",
    },
    { name: "a named context in config.json", env: {}, config: '{"currentContext":"remote"}', socket: null },
    { name: "DOCKER_CONTEXT", env: { DOCKER_CONTEXT: "remote" }, config: null, socket: null },
    {
      name: "DOCKER_CONTEXT=default",
      env: { DOCKER_CONTEXT: "default" },
      config: null,
      socket: "/var/run/docker.sock",
    },
    { name: "a config docker could not parse", env: {}, config: "{", socket: null },
  ])("$name → $socket", async ({ env, config, socket }) => {
    const dir = await configWith(config);
    expect(localSocket({ DOCKER_CONFIG: dir, ...env })).toBe(socket);
  });
});
