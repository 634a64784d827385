// The image list the cleanup reads through the daemon's socket: its query, and what happens when
// the containerd store's list trips over an image another process removed meanwhile.
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listImagesApi } from "../../src/cleanup/images.js";
import { EngineApiError } from "../../src/docker/engine-api.js";

/** A daemon on a unix socket answering each request with the next of `answers` (the last repeats). */
async function daemon(answers: { status: number; body: unknown }[]) {
  const socket = join(await mkdtemp(join(tmpdir(), "dcb-api-")), "docker.sock");
  const urls: string[] = [];
  const server = createServer((req, res) => {
    urls.push(req.url ?? "");
    const a = answers[Math.min(urls.length, answers.length) - 1] ?? { status: 500, body: null };
    res.writeHead(a.status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((ok) => server.listen(socket, ok));
  return { socket, urls, close: () => server.close() };
}

// Docker 28.5's answer (containerd store) when an image was removed while it listed: captured in
// CI's faults-touch run, where the run's own removal raced the killed run's collection.
const RACE = {
  status: 404,
  body: {
    message:
      "content digest sha256:978ca92aac2428a5a1d3e6b1c16d3a1af9cb84764a3b254b0dc5cc1dedff14b1: not found",
  },
};

describe("listImagesApi", () => {
  it("sends docker's filters in the API's form and returns the ids", async () => {
    const d = await daemon([{ status: 200, body: [{ Id: "sha256:a" }, { Id: "sha256:b" }] }]);
    try {
      expect(await listImagesApi(d.socket, ["label=dev.x.run=1", "dangling=true"])).toEqual([
        "sha256:a",
        "sha256:b",
      ]);
      const filters = new URL(d.urls[0] ?? "", "http://docker").searchParams.get("filters");
      expect(JSON.parse(filters ?? "")).toEqual({ label: { "dev.x.run=1": true }, dangling: { true: true } });
    } finally {
      d.close();
    }
  });

  it("a list that failed on an image removed meanwhile is asked again", async () => {
    const d = await daemon([RACE, RACE, { status: 200, body: [{ Id: "sha256:left" }] }]);
    try {
      expect(await listImagesApi(d.socket, ["label=dev.x.run"])).toEqual(["sha256:left"]);
      expect(d.urls).toHaveLength(3);
    } finally {
      d.close();
    }
  });

  it("gives up after three tries, with the daemon's message and status", async () => {
    const d = await daemon([RACE]);
    try {
      const e = await listImagesApi(d.socket, ["label=dev.x.run"]).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(EngineApiError);
      expect((e as EngineApiError).status).toBe(404);
      expect((e as Error).message).toMatch(/content digest sha256:978ca92a.*not found/);
      expect(d.urls).toHaveLength(3);
    } finally {
      d.close();
    }
  });

  it("any other refusal is not asked again", async () => {
    const d = await daemon([
      { status: 500, body: { message: "boom" } },
      { status: 200, body: [] },
    ]);
    try {
      const e = await listImagesApi(d.socket, ["label=dev.x.run"]).catch((err: unknown) => err);
      expect((e as EngineApiError).status).toBe(500);
      expect(d.urls).toHaveLength(1);
    } finally {
      d.close();
    }
  });
});
