import { describe, expect, it } from "vitest";
import { isInstructionName, normalizeStepName, parseStepName } from "../../src/progress/index.js";

describe("parseStepName", () => {
  // Shapes from the captured logs (single stage, named stages, `stage-N`) and, for the bake and
  // multi-platform prefixes this daemon cannot produce, from buildx/BuildKit source (research note §1.3).
  it.each([
    {
      case: "single stage",
      name: "[4/6] RUN pip install --no-cache-dir -r requirements.txt",
      want: {
        platform: null,
        target: null,
        stage: null,
        index: { i: 4, n: 6 },
        instruction: "RUN pip install --no-cache-dir -r requirements.txt",
      },
    },
    {
      case: "padded index",
      name: "[ 3/12] COPY . .",
      want: { platform: null, target: null, stage: null, index: { i: 3, n: 12 }, instruction: "COPY . ." },
    },
    {
      case: "named stage",
      name: "[builder 2/3] RUN pip install -r requirements.txt",
      want: {
        platform: null,
        target: null,
        stage: "builder",
        index: { i: 2, n: 3 },
        instruction: "RUN pip install -r requirements.txt",
      },
    },
    {
      case: "unnamed stage of a multi-stage build",
      name: "[stage-2 6/6] RUN wc -c app.py",
      want: {
        platform: null,
        target: null,
        stage: "stage-2",
        index: { i: 6, n: 6 },
        instruction: "RUN wc -c app.py",
      },
    },
    {
      case: "platform and stage",
      name: "[linux/amd64 builder 2/5] RUN make",
      want: {
        platform: "linux/amd64",
        target: null,
        stage: "builder",
        index: { i: 2, n: 5 },
        instruction: "RUN make",
      },
    },
    {
      case: "platform with variant, padded",
      name: "[linux/arm/v7  3/12] RUN make",
      want: {
        platform: "linux/arm/v7",
        target: null,
        stage: null,
        index: { i: 3, n: 12 },
        instruction: "RUN make",
      },
    },
    {
      case: "bake target and stage",
      name: "[web stage-0 1/4] FROM docker.io/library/node:20",
      want: {
        platform: null,
        target: "web",
        stage: "stage-0",
        index: { i: 1, n: 4 },
        instruction: "FROM docker.io/library/node:20",
      },
    },
    {
      case: "bake target before the platform, single unnamed stage",
      name: "[web linux/amd64 2/4] COPY . .",
      want: {
        platform: "linux/amd64",
        target: "web",
        stage: null,
        index: { i: 2, n: 4 },
        instruction: "COPY . .",
      },
    },
    {
      case: "bake target, platform and stage",
      name: "[web linux/amd64 builder 2/4] COPY . .",
      want: {
        platform: "linux/amd64",
        target: "web",
        stage: "builder",
        index: { i: 2, n: 4 },
        instruction: "COPY . .",
      },
    },
    {
      case: "FROM keeps its digest",
      name: "[1/5] FROM docker.io/library/node:20@sha256:" + "a".repeat(64),
      want: {
        platform: null,
        target: null,
        stage: null,
        index: { i: 1, n: 5 },
        instruction: "FROM docker.io/library/node:20@sha256:" + "a".repeat(64),
      },
    },
    {
      case: "a stage literally named stage",
      name: "[stage 1/3] FROM busybox",
      want: {
        platform: null,
        target: null,
        stage: "stage",
        index: { i: 1, n: 3 },
        instruction: "FROM busybox",
      },
    },
    {
      case: "internal",
      name: "[internal] load build context",
      want: { platform: null, target: null, stage: null, index: null, instruction: null },
    },
    {
      case: "auth",
      name: "[auth] library/node:pull token for registry-1.docker.io",
      want: { platform: null, target: null, stage: null, index: null, instruction: null },
    },
    {
      case: "named context",
      name: "[context foo] load .dockerignore",
      want: { platform: null, target: null, stage: null, index: null, instruction: null },
    },
    {
      case: "bake target internal",
      name: "[web internal] load build definition from Dockerfile",
      want: { platform: null, target: "web", stage: null, index: null, instruction: null },
    },
    {
      case: "bake target export",
      name: "[web] exporting to image",
      want: { platform: null, target: "web", stage: null, index: null, instruction: null },
    },
    {
      case: "platform internal",
      name: "[linux/amd64 internal] load metadata for docker.io/library/alpine:latest",
      want: { platform: "linux/amd64", target: null, stage: null, index: null, instruction: null },
    },
    {
      case: "export",
      name: "exporting to image",
      want: { platform: null, target: null, stage: null, index: null, instruction: null },
    },
    {
      case: "secret-masked name",
      name: "[2/3] RUN echo *** > /token",
      want: {
        platform: null,
        target: null,
        stage: null,
        index: { i: 2, n: 3 },
        instruction: "RUN echo *** > /token",
      },
    },
  ])("$case", ({ name, want }) => {
    expect(parseStepName(name)).toEqual(want);
  });

  it.each([
    ["[2/6] WORKDIR /app", true],
    ["[base 1/3] FROM x", true],
    ["[internal] load .dockerignore", false],
    ["exporting to image", false],
  ])("isInstructionName(%s) = %s", (name, want) => {
    expect(isInstructionName(name)).toBe(want);
  });
});

describe("normalizeStepName", () => {
  const digest = "@sha256:" + "0123456789abcdef".repeat(4);
  it.each([
    {
      case: "drops the FROM digest",
      name: `[1/5] FROM docker.io/library/node:20${digest}`,
      want: "FROM docker.io/library/node:20",
    },
    // Seen in docker20-plain-cold.log: the shared FROM vertex carried another build's `[1/3]`.
    {
      case: "drops the FROM prefix",
      name: "[1/3] FROM docker.io/docker-cache-bench/base:local",
      want: "FROM docker.io/docker-cache-bench/base:local",
    },
    {
      case: "drops a stage FROM prefix",
      name: "[assets 1/4] FROM docker.io/x:1",
      want: "FROM docker.io/x:1",
    },
    { case: "keeps other prefixes", name: "[builder 2/5] RUN make", want: "[builder 2/5] RUN make" },
    {
      case: "digests elsewhere",
      name: `[2/3] COPY --from=img${digest} /a /b`,
      want: "[2/3] COPY --from=img /a /b",
    },
    { case: "non-instruction", name: "[internal] load build context", want: "[internal] load build context" },
  ])("$case", ({ name, want }) => {
    expect(normalizeStepName(name)).toBe(want);
  });
});
