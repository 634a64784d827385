// No build-arg value in what the tool's builds leave behind (issue 8): buildx ≥ 0.14 writes
// provenance with the build args into the metadata file unless BUILDX_METADATA_PROVENANCE=disabled,
// and the tool must not add the value to labels or the image beyond what the Dockerfile itself
// bakes in (BuildKit records `|1 TOKEN=…` for a RUN with the ARG in scope, and on Docker 28.5 an
// `ARG TOKEN=…` entry too: that is the user's Dockerfile, and the report redacts it).
import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild } from "../../src/docker/build.js";
import { NO_BUILD_OPTIONS } from "../../src/docker/build-options.js";
import { detectDocker } from "../../src/docker/detect.js";
import { removeImage } from "../../src/docker/inspect.js";
import { BASE_IMAGE, MODES } from "./helpers.js";

const SECRET = "dcb-secret-value-8c41f0";

describe.each(MODES)("build-arg values via $label", ({ docker, mode }) => {
  it("stay out of the metadata file and the image's labels and config", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dcb-secrets-"));
    // TOKEN is declared after the only RUN: no RUN has it in scope, so nothing of the Dockerfile's
    // own making holds its value (a RUN after it would record `|1 TOKEN=…` in the history).
    await writeFile(join(dir, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN echo built > /built\nARG TOKEN\n");
    const env = await detectDocker({ docker, mode });
    const tag = `docker-cache-bench:secrets-${mode}`;
    const r = await runBuild(env, {
      contextDir: dir,
      dockerfile: null,
      target: null,
      platform: null,
      buildArgs: { BASE: BASE_IMAGE, TOKEN: SECRET },
      noCache: true,
      tag,
      progress: env.rawjson ? "rawjson" : "plain",
      options: NO_BUILD_OPTIONS,
    });
    try {
      expect(r.exitCode, r.stderrTail.join("\n")).toBe(0);
      if (mode === "buildx") {
        expect(r.metadata).not.toBeNull();
        expect(JSON.stringify(r.metadata)).not.toContain(SECRET);
        expect(Object.keys(r.metadata ?? {})).not.toContain("buildx.build.provenance");
      }
      expect(r.trace.steps.map((s) => s.name).join("\n")).not.toMatch(/provenance/);
      const config = execFileSync(docker, ["image", "inspect", "--format", "{{json .Config}}", tag], {
        encoding: "utf8",
      });
      const history = execFileSync(docker, ["history", "--no-trunc", "--format", "{{.CreatedBy}}", tag], {
        encoding: "utf8",
      });
      expect(config).not.toContain(SECRET);
      // Newer BuildKit (Docker 28.5) records the ARG instruction itself in the history, value
      // included: that is the Dockerfile's doing (the report redacts it); nothing else may hold it.
      const holding = history.split("\n").filter((l) => l.includes(SECRET));
      expect(holding.every((l) => l.startsWith(`ARG TOKEN=${SECRET}`))).toBe(true);
    } finally {
      await removeImage(env, tag);
    }
  });
});
