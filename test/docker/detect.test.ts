// Detection's error paths, with small fake docker clients that answer the way real ones do
// (messages quoted from docker/cli, see the research note §6). The happy paths run against
// the real engine in test/engine/detect.test.ts.
import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectDocker } from "../../src/docker/detect.js";
import { EnvironmentError } from "../../src/errors.js";

async function fakeDocker(script: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dcb-fake-docker-"));
  const path = join(dir, "docker");
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
  return path;
}

const CLIENT_28_NO_BUILDX = `
case "$1" in
  version) echo "28.2.2|20.10.24"; exit 0 ;;
  info) echo '{"server":"20.10.24","driver":"overlay2","driverStatus":[["Backing Filesystem","extfs"]],"client":{"Version":"28.2.2","Plugins":[]}}'; exit 0 ;;
  buildx) echo "docker: unknown command: docker buildx" >&2; exit 1 ;;
esac
exit 1`;

const NO_DAEMON = `
echo "28.2.2|"
echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" >&2
exit 1`;

describe("detectDocker errors", () => {
  it.each([
    {
      name: "client ≥ 23 without buildx",
      script: CLIENT_28_NO_BUILDX,
      mode: undefined,
      message:
        /Docker client 28\.2\.2 has no built-in BuildKit and `.*docker buildx` is missing: install the buildx plugin/,
    },
    {
      name: "buildx forced but missing",
      script: CLIENT_28_NO_BUILDX,
      mode: "buildx" as const,
      message: /buildx` is not available/,
    },
    {
      name: "daemon down",
      script: NO_DAEMON,
      mode: undefined,
      message: /Docker daemon is not reachable .*Is the docker daemon running\?\): start dockerd/,
    },
  ])("$name", async ({ script, mode, message }) => {
    const docker = await fakeDocker(script);
    const e = await detectDocker({ docker, mode }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(EnvironmentError);
    expect((e as Error).message).toMatch(message);
    expect((e as Error).message).not.toContain("\n");
  });

  it("a missing binary says how to fix it", async () => {
    const e = await detectDocker({ docker: "/nonexistent/docker" }).catch((err: unknown) => err);
    expect((e as Error).message).toMatch(/command not found: install Docker .* or pass --docker/);
  });

  // One `docker info` gives the versions; a client too old to print its own there (20.10) is asked
  // with `docker version`. Shapes as the real clients print them (docker info --format {{json …}}).
  it("reads versions, store and buildx from docker info, the client version from docker version where info lacks it", async () => {
    const docker = await fakeDocker(`
case "$1" in
  version) echo "20.10.24+dfsg1"; exit 0 ;;
  info) echo '{"server":"28.5.2","driver":"overlayfs","driverStatus":[["driver-type","io.containerd.snapshotter.v1"]],"client":{"Context":"default","Plugins":[{"Name":"buildx","Version":"v0.29.1","Path":"/x"}]}}'; exit 0 ;;
  buildx) [ "$2" = inspect ] && printf 'Name:          default\nDriver:        docker\n' && exit 0 ;;
esac
exit 1`);
    expect(await detectDocker({ docker })).toMatchObject({
      mode: "buildx",
      clientVersion: "20.10.24+dfsg1",
      serverVersion: "28.5.2",
      buildxVersion: "0.29.1",
      // A script named docker: builds go through it, never to the plugin it lists.
      buildxPlugin: null,
      driver: "docker",
      storageDriver: "overlayfs",
      containerdStore: true,
      rawjson: true,
    });
  });

  // The builder buildx picks by itself is read from its files; anything a user or
  // docker/setup-buildx-action chose is asked of `buildx inspect`. Files as buildx 0.13.1 and
  // 0.29.1 write them (`docker buildx create --use`, `docker buildx use default`).
  describe("the builder's driver", () => {
    const INSPECTED = `
log="$(dirname "$0")/calls"
echo "$*" >> "$log"
case "$1" in
  info) echo '{"server":"28.5.2","driver":"overlayfs","driverStatus":[],"client":{"Version":"28.5.2","Plugins":[{"Name":"buildx","Version":"v0.29.1","Path":"/x"}]}}'; exit 0 ;;
  buildx) [ "$2" = inspect ] && printf 'Name:          dcbx\nDriver:        docker-container\n' && exit 0 ;;
esac
exit 1`;
    const CURRENT_DCBX = '{"Key":"unix:///var/run/docker.sock","Name":"dcbx","Global":false}';
    const CURRENT_DEFAULT = '{"Key":"unix:///var/run/docker.sock","Name":"","Global":false}';

    async function detectWith(
      files: Record<string, string | undefined>,
      extraEnv: Record<string, string | undefined> = {},
    ) {
      const docker = await fakeDocker(INSPECTED);
      const config = await mkdtemp(join(tmpdir(), "dcb-buildx-config-"));
      for (const [name, text] of Object.entries(files)) {
        await mkdir(dirname(join(config, name)), { recursive: true });
        // A name ending in "/" is an empty directory.
        if (!name.endsWith("/")) await writeFile(join(config, name), text ?? "");
      }
      const env = { PATH: process.env.PATH, HOME: config, BUILDX_CONFIG: config, ...extraEnv };
      const detected = await detectDocker({ docker, env });
      const calls = (await readFile(join(dirname(docker), "calls"), "utf8")).trim().split("\n");
      return { driver: detected.driver, inspected: calls.some((c) => c.startsWith("buildx inspect")) };
    }

    it.each([
      { name: "no files yet (a fresh runner)", files: {} },
      { name: "the default builder made current", files: { current: CURRENT_DEFAULT } },
      { name: "an empty defaults directory", files: { current: CURRENT_DEFAULT, "defaults/": "" } },
    ])("$name: the context's docker driver, without buildx inspect", async ({ files }) => {
      expect(await detectWith(files)).toEqual({ driver: "docker", inspected: false });
    });

    it.each([
      { name: "a builder made current", files: { current: CURRENT_DCBX }, env: {} },
      { name: "a per-endpoint default", files: { "defaults/0123456789abcdef0123": "dcbx" }, env: {} },
      { name: "BUILDX_BUILDER", files: {}, env: { BUILDX_BUILDER: "dcbx" } },
      { name: "a current file that is not JSON", files: { current: "{" }, env: {} },
    ])("$name: asks buildx inspect", async ({ files, env }) => {
      expect(await detectWith(files, env)).toEqual({ driver: "docker-container", inspected: true });
    });

    it("a --builder: asks buildx inspect", async () => {
      const docker = await fakeDocker(INSPECTED);
      const config = await mkdtemp(join(tmpdir(), "dcb-buildx-config-"));
      const env = { PATH: process.env.PATH, HOME: config, BUILDX_CONFIG: config };
      expect((await detectDocker({ docker, env, builder: "dcbx" })).driver).toBe("docker-container");
    });
  });

  // A signal while `docker info` hangs (a stuck daemon): the probe is stopped at once and the
  // run learns it was interrupted, not that the daemon is missing.
  it("an abort stops a hanging probe and throws the abort's reason", async () => {
    const docker = await fakeDocker(`
echo $$ > "$(dirname "$0")/pid"
exec sleep 120`);
    const controller = new AbortController();
    const reason = new Error("interrupted by SIGTERM");
    const detecting = detectDocker({ docker, signal: controller.signal }).catch((e: unknown) => e);
    const pidFile = join(dirname(docker), "pid");
    while (!(await readFile(pidFile, "utf8").catch(() => ""))) await new Promise((r) => setTimeout(r, 20));
    controller.abort(reason);
    expect(await detecting).toBe(reason);
    const pid = Number(await readFile(pidFile, "utf8"));
    // Stopped, not waited out (the sleep outlasts the test's timeout).
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
