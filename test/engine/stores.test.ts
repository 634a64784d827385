// One size that means the same in both image stores (issue 8): the same project benchmarked on
// Docker 28.5 with the classic store and with the containerd store gives the same primary
// (uncompressed) size within the containerd store's 4 KiB-block rounding, labels what each store
// measured, tells base-image layers from the Dockerfile's, and a report from one store compares
// with a report from the other. Needs both modern engines (scripts/setup-modern-docker.sh), so it
// runs in the DCB_ENGINE=modern-containerd pass of .ci/run and is skipped elsewhere.
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseReport, type Report } from "../../src/report/schema.js";
import { engineEnv, selectedEngine } from "../support/engine.js";
import { spawnCli } from "./cli-run.js";
import { BASE_IMAGE, copyProject } from "./helpers.js";

const BLOCK = 4096;
const run = selectedEngine() === "modern-containerd";

interface Measured {
  report: Report;
  file: string;
  /** Files, directories and links in the built image (each costs at most one block of rounding). */
  entries: number;
}

async function measure(engine: "modern-classic" | "modern-containerd", dir: string): Promise<Measured> {
  const env = { ...process.env, ...engineEnv(engine) };
  const file = join(await mkdtemp(join(tmpdir(), "dcb-stores-")), `${engine}.json`);
  const r = await spawnCli(
    ["run", dir, "-q", "--keep-image", "--json", file, "--build-arg", `BASE=${BASE_IMAGE}`],
    { env: engineEnv(engine) },
  ).done;
  expect(r.code, r.stderr).toBe(0);
  const report = parseReport(JSON.parse(await readFile(file, "utf8")));
  const docker = (...args: string[]) => execFileSync("docker", args, { env, encoding: "utf8" });
  const entries = docker("run", "--rm", report.image.id, "find", "/", "-xdev").trim().split("\n").length;
  const tags = docker("image", "ls", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")
    .split("\n")
    .filter((l) => l.startsWith("docker-cache-bench:") && l.endsWith(report.image.id))
    .map((l) => l.split(" ")[0] ?? "");
  for (const tag of tags) docker("image", "rm", tag, tag.replace(/-cold$/, "-warm"));
  return { report, file, entries };
}

describe.runIf(run)("the same image in the classic and the containerd store", () => {
  let classic: Measured;
  let containerd: Measured;
  beforeAll(async () => {
    const dir = await copyProject("examples/python-good-order");
    classic = await measure("modern-classic", dir);
    containerd = await measure("modern-containerd", dir);
  });

  it("gives the same primary size, within one 4 KiB block per file and directory", () => {
    const exact = classic.report.image.sizes;
    const rounded = containerd.report.image.sizes;
    expect(exact?.uncompressedRounding).toBe("exact");
    expect(rounded?.uncompressedRounding).toBe("4KiB-blocks");
    expect(classic.report.image.sizeKind).toBe("uncompressed");
    expect(containerd.report.image.sizeKind).toBe("uncompressed");
    const e = exact?.uncompressed ?? 0;
    const r = rounded?.uncompressed ?? 0;
    expect(e).toBeGreaterThan(1_000_000);
    expect(r).toBeGreaterThanOrEqual(e);
    expect(r - e).toBeLessThanOrEqual(BLOCK * containerd.entries);
  });

  it("labels the compressed size where the store keeps it, and only there", () => {
    expect(classic.report.image.sizes?.compressed).toBeNull();
    const compressed = containerd.report.image.sizes?.compressed ?? 0;
    expect(compressed).toBeGreaterThan(0);
    expect(compressed).toBeLessThan(containerd.report.image.sizes?.uncompressed ?? 0);
  });

  it("tells the base image's layers from the Dockerfile's, the same in both stores", () => {
    for (const m of [classic, containerd]) {
      const sources = m.report.image.layers.map((l) => l.source);
      const firstOwn = sources.indexOf("dockerfile");
      expect(firstOwn).toBeGreaterThan(0);
      expect(sources.slice(0, firstOwn).every((s) => s === "base")).toBe(true);
      expect(sources.slice(firstOwn).every((s) => s === "dockerfile")).toBe(true);
      expect(m.report.image.layers.at(-1)?.instruction).toMatch(/^(COPY|RUN|CMD|ENV|EXPOSE)/);
    }
    const own = (m: Measured) => m.report.image.layers.filter((l) => l.source === "dockerfile").length;
    expect(own(classic)).toBe(own(containerd));
  });

  it("a base report from one store compares with a head report from the other", async () => {
    const r = await spawnCli(["compare", classic.file, containerd.file, "--json", "-"]).done;
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as {
      sizeKind: string;
      metrics: { key: string; base: number | null; head: number | null; significant: boolean }[];
      cacheRegressions: unknown[];
      comparable: { cache: boolean; size: boolean; notes: string[] };
    };
    expect(c.sizeKind).toBe("uncompressed");
    expect(c.cacheRegressions).toEqual([]);
    expect(c.comparable.cache).toBe(true);
    const size = c.metrics.find((m) => m.key === "imageSizeBytes");
    expect(size).toMatchObject({
      base: classic.report.image.sizes?.uncompressed,
      head: containerd.report.image.sizes?.uncompressed,
      significant: false,
    });
    expect(c.comparable.notes.join("\n")).toMatch(/different image stores/);
  });
});
