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
});
