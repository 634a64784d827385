// The JSON of real `docker buildx bake --print` runs (test/fixtures/bake/README.md) on both buildx versions.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBakePrint, unprintedAttributes } from "../../src/bake/parse.js";
import { isComposeFile } from "../../src/bake/resolve.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/bake");
const read = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
const CWD = "/repo";

describe.each(["0.13.1", "0.29.1"])("buildx %s", (version) => {
  it("a bake file: three targets in the default group's order, inherited args, contexts resolved", () => {
    const plan = parseBakePrint(read(`buildx-${version}-hcl.json`), CWD);
    expect(plan.images.map((i) => i.id)).toEqual(["api", "web", "worker"]);
    expect(plan.images[0]).toMatchObject({
      context: "/repo/services/api",
      dockerfile: "/repo/services/api/Dockerfile",
      stage: "prod",
      platform: null,
      args: { BASE: "docker-cache-bench/base:local" },
    });
    expect(plan.images[1]?.platform).toBe("linux/amd64");
    expect(plan.images[2]?.args).toEqual({ BASE: "docker-cache-bench/base:local", EXTRA: "1" });
    expect(plan.declined).toEqual([]);
  });

  it("a compose file: services with a build, by name", () => {
    const plan = parseBakePrint(read(`buildx-${version}-compose.json`), CWD, { compose: true });
    expect(plan.images.map((i) => i.id)).toEqual(["api", "web"]);
    expect(plan.images.find((i) => i.id === "api")).toMatchObject({
      stage: "prod",
      args: { BASE: "python:3.12-slim" },
    });
  });

  it("an application's compose file: context, dockerfile, target and args per service; no build, no image", () => {
    const plan = parseBakePrint(read(`buildx-${version}-docker-compose.json`), CWD, { compose: true });
    expect(plan.images.map((i) => [i.id, i.dockerfile, i.stage, i.args])).toEqual([
      ["api", "/repo/services/api/Dockerfile", "prod", { BASE: "docker-cache-bench/base:local" }],
      [
        "worker",
        "/repo/services/worker/worker.Dockerfile",
        "prod",
        { APP_ENV: "production", BASE: "docker-cache-bench/base:local" },
      ],
    ]);
    expect(plan.declined).toEqual([]);
  });

  it("every attribute either mapped or named as declined; one image per platform; inline Dockerfiles left out", () => {
    const plan = parseBakePrint(read(`buildx-${version}-rich-hcl.json`), CWD);
    expect(plan.images.map((i) => i.id)).toEqual(["app@linux/amd64", "app@linux/arm64", "svc-a", "svc-b"]);
    expect(plan.images[0]).toMatchObject({
      contexts: { assets: "/repo/services/web" },
      shmSize: "128m",
      ulimits: ["nofile=1024:1024"],
      // 0.13.1 drops `network` from its print; 0.29.1 keeps it.
      network: version === "0.13.1" ? null : "host",
      // 0.29.1 adds the entitlement `network = "host"` needs; 0.13.1 prints neither.
      entitlements: version === "0.13.1" ? [] : ["network.host"],
    });
    expect(plan.declined).toEqual([
      "app: cache-from, cache-to, secret, no-cache not passed to the benchmark's builds",
      "inline: dockerfile-inline (the touch needs a Dockerfile on disk to read; the target is left out)",
    ]);
  });

  it("compose's dockerfile_inline is declined too", () => {
    const plan = parseBakePrint(read(`buildx-${version}-compose-rich.json`), CWD);
    expect(plan.images.map((i) => i.id)).toEqual(["api"]);
    expect(plan.declined.some((d) => d.startsWith("web: dockerfile-inline"))).toBe(true);
  });
});

describe("the order of the images", () => {
  // buildx 0.13.1 printed the same compose file's services as `worker, api` here, and as `api, worker`
  // the time before: the fresh-clone CI's compose test failed on that once.
  const reordered = read("buildx-0.13.1-docker-compose-reordered.json");

  it("a compose file's services are sorted by name, whatever order buildx printed them in", () => {
    expect(parseBakePrint(reordered, CWD, { compose: true }).images.map((i) => i.id)).toEqual([
      "api",
      "worker",
    ]);
  });

  it("a bake file's default group keeps the order its author wrote", () => {
    expect(parseBakePrint(reordered, CWD).images.map((i) => i.id)).toEqual(["worker", "api"]);
  });

  it.each([
    ["docker-compose.yml", true],
    ["compose.override.yaml", true],
    ["deploy/compose.prod.yml", true],
    ["docker-bake.hcl", false],
    ["docker-bake.override.json", false],
    ["BAKE.HCL", false],
  ])("%s is a compose file: %s", (file, compose) => {
    expect(isComposeFile(file)).toBe(compose);
  });
});

describe("a network buildx did not print", () => {
  const hcl = { name: "rich.hcl", text: readFileSync(join(FIXTURES, "project/rich.hcl"), "utf8") };

  it('0.13.1 dropped rich.hcl\'s network = "host": said, with the way round it', () => {
    expect(unprintedAttributes(read("buildx-0.13.1-rich-hcl.json"), [hcl])).toEqual([
      "rich.hcl: network is not passed to the benchmark's builds (this buildx leaves it out of `bake --print`; buildx ≥ 0.29 prints it); pass --network (the Action's network: input) to set it",
    ]);
  });

  it("0.29.1 printed it (mapped, nothing to say); a file with no network says nothing", () => {
    expect(unprintedAttributes(read("buildx-0.29.1-rich-hcl.json"), [hcl])).toEqual([]);
    const plain = {
      name: "docker-bake.hcl",
      text: readFileSync(join(FIXTURES, "project/docker-bake.hcl"), "utf8"),
    };
    expect(unprintedAttributes(read("buildx-0.13.1-hcl.json"), [plain])).toEqual([]);
  });
});

describe("entitlements", () => {
  const file = {
    name: "entitlements.hcl",
    text: readFileSync(join(FIXTURES, "project/entitlements.hcl"), "utf8"),
  };

  it("0.29.1 prints them: mapped, nothing to say", () => {
    const json = read("buildx-0.29.1-entitlements-hcl.json");
    expect(parseBakePrint(json, CWD).images[0]?.entitlements).toEqual(["network.host"]);
    expect(unprintedAttributes(json, [file])).toEqual([]);
  });

  it("0.13.1 dropped them: said, with the way round it", () => {
    const json = read("buildx-0.13.1-entitlements-hcl.json");
    expect(parseBakePrint(json, CWD).images[0]?.entitlements).toEqual([]);
    expect(unprintedAttributes(json, [file])).toEqual([
      "entitlements.hcl: entitlements is not passed to the benchmark's builds (this buildx leaves it out of `bake --print`; buildx ≥ 0.29 prints it); pass --allow (the Action's allow: input) to set it",
    ]);
  });
});
