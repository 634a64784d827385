import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectDocker } from "../../src/docker/detect.js";
import { MODES } from "./helpers.js";

describe("detectDocker on this machine's real engine", () => {
  it("prefers buildx, with rawjson on buildx ≥ 0.12", async () => {
    const env = await detectDocker({ docker: "docker" });
    expect(env.mode).toBe("buildx");
    expect(env.driver).toBe("docker");
    expect(env.rawjson).toBe(true);
    expect(env.serverVersion).toMatch(/^\d+\.\d+/);
  });

  it("builds may run the plugin the client lists; through a wrapper script named docker they may not", async () => {
    const listed = execFileSync("docker", ["info", "--format", "{{json .ClientInfo.Plugins}}"], {
      encoding: "utf8",
    });
    const plugin = (JSON.parse(listed) as { Name: string; Path: string }[]).find((p) => p.Name === "buildx");
    expect(plugin?.Path).toMatch(/\/docker-buildx$/);
    expect((await detectDocker({ docker: "docker" })).buildxPlugin).toBe(plugin?.Path);

    const dir = await mkdtemp(join(tmpdir(), "dcb-wrapper-"));
    try {
      const real = execFileSync("sh", ["-c", "command -v docker"], { encoding: "utf8" }).trim();
      await writeFile(join(dir, "docker"), `#!/bin/sh\nexec ${real} "$@"\n`, { mode: 0o755 });
      const wrapped = await detectDocker({ docker: join(dir, "docker") });
      expect(wrapped).toMatchObject({ mode: "buildx", buildxPlugin: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const builtin = MODES.find((m) => m.mode === "builtin");
  it.runIf(builtin)("finds the 20.10 client's built-in BuildKit when asked for it", async () => {
    const env = await detectDocker({ docker: builtin?.docker ?? "", mode: "builtin" });
    expect(env.mode).toBe("builtin");
    expect(env.clientVersion).toMatch(/^20\.10\./);
    expect(env.rawjson).toBe(false);
  });

  it("--mode builtin with a Docker ≥ 23 client names the real reason, not buildx", async () => {
    const error = await detectDocker({ docker: "docker", mode: "builtin" }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /--mode builtin needs a Docker 20\.10–22 client: docker is 2[3-9]\./,
    );
    expect((error as Error).message).not.toMatch(/buildx` is missing|install the buildx plugin/);
  });

  // The default builder is read from buildx's files; a builder the user made current (as
  // docker/setup-buildx-action does) is asked of buildx. Created, never booted: nothing is pulled.
  it("a builder made current with `buildx create --use` is the one detected", async () => {
    const config = await mkdtemp(join(tmpdir(), "dcb-buildx-config-"));
    try {
      const env = { ...process.env, BUILDX_CONFIG: config };
      const name = `dcb-detect-${process.pid}`;
      execFileSync("docker", ["buildx", "create", "--name", name, "--driver", "docker-container", "--use"], {
        env,
        stdio: "ignore",
      });
      const inspected = execFileSync("docker", ["buildx", "inspect"], { env, encoding: "utf8" });
      expect(inspected).toMatch(/^Driver:\s+docker-container$/m);
      const detected = await detectDocker({ docker: "docker", env });
      expect(detected).toMatchObject({ mode: "buildx", driver: "docker-container" });
      execFileSync("docker", ["buildx", "use", "default"], { env, stdio: "ignore" });
      expect(await detectDocker({ docker: "docker", env })).toMatchObject({ driver: "docker" });
    } finally {
      await rm(config, { recursive: true, force: true });
    }
  });
});
