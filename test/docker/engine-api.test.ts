// Where the tool talks to the daemon without a docker client: only where the client would
// certainly use that socket too (see src/docker/engine-api.ts).
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  apiCall,
  apiOrClient,
  EngineApiError,
  localSocket,
  nativeClient,
} from "../../src/docker/engine-api.js";

async function configWith(text: string | null): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dcb-docker-config-"));
  if (text !== null) await writeFile(join(dir, "config.json"), text);
  return dir;
}

let bin = "";
let docker = "";
beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), "dcb-clients-"));
  docker = join(bin, "docker");
  for (const name of ["docker", "podman", "snap"])
    await writeFile(join(bin, name), "#!/bin/sh\n", { mode: 0o755 });
  await mkdir(join(bin, "snapped"));
  await symlink(join(bin, "snap"), join(bin, "snapped", "docker"));
});

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
    expect(localSocket(docker, { PATH: bin, DOCKER_CONFIG: dir, ...env })).toBe(socket);
  });

  it("not for a client that may read other files or talk to another daemon", async () => {
    const dir = await configWith(null);
    // A wrapper or shim under another name, the snap's docker (a link to /usr/bin/snap), and a
    // client that sends custom headers (an authorization proxy).
    expect(localSocket(join(bin, "podman"), { PATH: bin, DOCKER_CONFIG: dir })).toBeNull();
    expect(localSocket(join(bin, "snapped", "docker"), { PATH: bin, DOCKER_CONFIG: dir })).toBeNull();
    expect(localSocket(docker, { PATH: bin, DOCKER_CONFIG: dir, DOCKER_CUSTOM_HEADERS: "X-A=b" })).toBeNull();
    const headers = await configWith('{"HttpHeaders":{"X-A":"b"}}');
    expect(localSocket(docker, { PATH: bin, DOCKER_CONFIG: headers })).toBeNull();
  });
});

describe.runIf(process.platform === "linux")("nativeClient", () => {
  it("the docker program itself, not a script named docker nor another program", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dcb-native-"));
    // An ELF executable reached as `docker` (a link to /bin/true stands in for the client).
    await mkdir(join(dir, "real"));
    await symlink(realpathSync("/bin/true"), join(dir, "real", "docker"));
    expect(nativeClient("docker", { PATH: join(dir, "real") })).toBe(true);
    expect(nativeClient(join(dir, "real", "docker"), {})).toBe(true);
    // The scripts named docker made above, and an ELF file under another name.
    expect(nativeClient(docker, { PATH: bin })).toBe(false);
    await symlink(realpathSync("/bin/true"), join(dir, "podman"));
    expect(nativeClient(join(dir, "podman"), {})).toBe(false);
    expect(nativeClient(join(dir, "missing", "docker"), {})).toBe(false);
  });
});

// The fallback rule: the socket's answer, the client's only when no answer came.
describe("apiOrClient", () => {
  async function daemon(status: number, body: unknown): Promise<{ socket: string; close: () => void }> {
    const socket = join(await mkdtemp(join(tmpdir(), "dcb-api-")), "docker.sock");
    const server = createServer((_, res) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((ok) => server.listen(socket, ok));
    return { socket, close: () => server.close() };
  }
  const client = () => Promise.resolve("client");

  it("the daemon's answer, without the client", async () => {
    const d = await daemon(200, "api");
    try {
      expect(await apiOrClient(d.socket, (s) => apiCall(s, "GET", "/x") as Promise<string>, client)).toBe(
        "api",
      );
    } finally {
      d.close();
    }
  });

  it("the daemon's refusal is thrown, with its status (the client would get the same)", async () => {
    const d = await daemon(404, { message: "No such image: x" });
    try {
      const e = await apiOrClient(d.socket, (s) => apiCall(s, "GET", "/x") as Promise<string>, client).catch(
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(EngineApiError);
      expect((e as EngineApiError).status).toBe(404);
      expect(EngineApiError.unreached(e)).toBe(false);
    } finally {
      d.close();
    }
  });

  it("no socket, or one nobody answers on: the client", async () => {
    const gone = join(await mkdtemp(join(tmpdir(), "dcb-api-")), "docker.sock");
    expect(await apiOrClient(gone, (s) => apiCall(s, "GET", "/x") as Promise<string>, client)).toBe("client");
    expect(await apiOrClient(null, () => Promise.reject(new Error("not asked")), client)).toBe("client");
    // Not an EngineApiError (a bug of ours, say): thrown, never hidden behind the client.
    await expect(apiOrClient("/x", () => Promise.reject(new TypeError("bug")), client)).rejects.toThrow(
      "bug",
    );
  });
});
