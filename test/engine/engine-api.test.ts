// The image reads and removals a run makes through the daemon's API on its local socket
// (src/docker/engine-api.ts) must give what the docker client gives: the same image, read both
// ways on this engine, compared field by field.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { detectDocker } from "../../src/docker/detect.js";
import { localSocket } from "../../src/docker/engine-api.js";
import { readImageApi, readImageCli, removeImages } from "../../src/docker/inspect.js";
import { BASE_IMAGE, tempDirs } from "./helpers.js";

const temp = tempDirs();
const tag = `docker-cache-bench-api-test:${randomBytes(4).toString("hex")}`;

afterAll(() => {
  execFileSync("docker", ["image", "rm", "--force", tag], { stdio: "ignore" });
});

describe("the engine API on the local socket, against the docker client", () => {
  it("finds the socket the docker client uses", () => {
    const socket = localSocket("docker");
    expect(socket).not.toBeNull();
    // Answers as the daemon the client talks to: same server version.
    const version = execFileSync("docker", ["version", "--format", "{{.Server.Version}}"], {
      encoding: "utf8",
    });
    const api = execFileSync("curl", ["-s", "--unix-socket", socket ?? "", "http://docker/version"], {
      encoding: "utf8",
    });
    expect((JSON.parse(api) as { Version: string }).Version).toBe(version.trim());
  });

  it("reads an image's id, size and history as `docker image inspect` and `docker history` do", async () => {
    const dir = await temp("dcb-api-");
    // A tab in a RUN line: the client prints it as a space, the API as it is.
    await writeFile(
      join(dir, "Dockerfile"),
      `ARG BASE\nFROM $BASE\nRUN echo "${randomBytes(4).toString("hex")}\tx" > /a\nCOPY Dockerfile /d\nENV X=1\n`,
    );
    execFileSync("docker", ["build", "-q", "--build-arg", `BASE=${BASE_IMAGE}`, "-t", tag, dir], {
      stdio: "ignore",
    });
    const env = await detectDocker({ docker: "docker" });
    const socket = localSocket("docker") ?? "";
    const api = await readImageApi(socket, tag, BASE_IMAGE);
    const cli = await readImageCli(env, tag, BASE_IMAGE);
    expect(api).toEqual(cli);
    expect(api.own.some((l) => l.instruction.startsWith('RUN echo "') && l.instruction.includes(" x"))).toBe(
      true,
    );
    expect(api.base?.length).toBeGreaterThan(0);
    expect(api.size).toBeGreaterThan(0);
    // Scratch and an unknown base read the same both ways too.
    expect(await readImageApi(socket, tag, "scratch")).toEqual(await readImageCli(env, tag, "scratch"));
    expect(await readImageApi(socket, tag, "no-such-image-dcb:x")).toEqual(
      await readImageCli(env, tag, "no-such-image-dcb:x"),
    );
  });

  it("a missing image is an error with the daemon's message", async () => {
    const e = await readImageApi(localSocket("docker") ?? "", "no-such-image-dcb:x", null).catch(
      (err: unknown) => err,
    );
    expect(String(e)).toMatch(/no such image/i);
  });

  it("removes images, and a missing one is no error (as --force)", async () => {
    const env = await detectDocker({ docker: "docker" });
    const second = `${tag}-b`;
    execFileSync("docker", ["tag", tag, second]);
    await removeImages(env, [tag, second, "docker-cache-bench-api-test:never-built"]);
    for (const ref of [tag, second]) {
      expect(() => execFileSync("docker", ["image", "inspect", ref], { stdio: "ignore" })).toThrow();
    }
  });
});
