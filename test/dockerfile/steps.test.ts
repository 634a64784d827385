// Step names below are real `#N [stage i/n] …` headers, captured on 2026-11-28 from
// `DOCKER_BUILDKIT=1 /usr/bin/docker build --progress=plain` (Docker 20.10.24) and
// `docker buildx build --progress=plain` (buildx 0.13.1, docker driver) with
// `--build-arg BASE=docker-cache-bench/base:local`, for the Dockerfiles next to them.
// The "stale" ones carry a label from another stage or another build: the daemon shows a
// shared vertex under the first name it got (see src/dockerfile/steps.ts).
import { describe, expect, it } from "vitest";
import { buildkitStageName, lineForStep, parseDockerfile, type StepRef } from "../../src/dockerfile/index.js";
import { BASE_ARGS, df, FROM_STAGE, MULTI, QUOTES, REPEATED, SINGLE, UNNAMED } from "./captured.js";

function step(header: string): StepRef {
  const m = /^\[(?:(\S+) +)?\s*(\d+)\/(\d+)\] (.*)$/s.exec(header);
  if (!m) return { stage: null, index: null, instruction: header };
  return { stage: m[1] ?? null, index: { i: Number(m[2]), n: Number(m[3]) }, instruction: m[4] ?? null };
}

describe("lineForStep on captured BuildKit step names", () => {
  it.each([
    {
      name: "single: FROM counts as 1",
      text: SINGLE,
      header: "[1/5] FROM docker.io/docker-cache-bench/base:local",
      line: 2,
    },
    { name: "single: WORKDIR counts, ENV/LABEL do not", text: SINGLE, header: "[2/5] WORKDIR /app", line: 5 },
    {
      name: "stale: WORKDIR shown as [2/4] by another build",
      text: SINGLE,
      header: "[2/4] WORKDIR /app",
      line: 5,
    },
    { name: "single: COPY", text: SINGLE, header: "[3/5] COPY requirements.txt .", line: 7 },
    {
      name: "single: continuation, ARG expanded",
      text: SINGLE,
      header: "[4/5] RUN echo bar     && echo cont",
      line: 8,
    },
    { name: "single: last COPY", text: SINGLE, header: "[5/5] COPY . .", line: 10 },
    {
      name: "multi: named stage, lower-cased",
      text: MULTI,
      header: "[builder 3/5] COPY requirements.txt .",
      line: 13,
    },
    {
      name: "multi: SHELL/VOLUME/ONBUILD… not counted",
      text: MULTI,
      header: "[builder 5/5] ADD app.py /src/",
      line: 15,
    },
    {
      name: "multi: runtime FROM",
      text: MULTI,
      header: "[runtime 1/5] FROM docker.io/docker-cache-bench/base:local",
      line: 20,
    },
    {
      name: "multi: COPY --from by index",
      text: MULTI,
      header: "[runtime 3/5] COPY --from=0 /src/app.py /app2/",
      line: 22,
    },
    {
      name: "multi: RUN --mount",
      text: MULTI,
      header: "[runtime 4/5] RUN --mount=type=bind,from=builder,target=/x ls /x",
      line: 23,
    },
    { name: "multi: last COPY", text: MULTI, header: "[runtime 5/5] COPY . /app", line: 24 },
    {
      name: "stale: FROM labelled with an unreached stage",
      text: MULTI,
      header: "[unused 1/2] FROM docker.io/docker-cache-bench/base:local",
      line: 4,
    },
    {
      name: "stale: FROM labelled from another build",
      text: MULTI,
      header: "[1/6] FROM docker.io/docker-cache-bench/base:local",
      line: 4,
    },
    { name: "unnamed: stage-0", text: UNNAMED, header: "[stage-0 2/2] RUN echo zero > /zero", line: 5 },
    {
      name: "unnamed: stage-2 is the third FROM, padded index",
      text: UNNAMED,
      header: "[stage-2  2/12] COPY --from=0 /zero /z",
      line: 10,
    },
    { name: "unnamed: two-digit index", text: UNNAMED, header: "[stage-2 10/12] RUN echo 8", line: 18 },
    {
      name: "unnamed: ARG in COPY expanded",
      text: UNNAMED,
      header: "[stage-2 11/12] COPY app.py /app/",
      line: 19,
    },
    {
      name: "unnamed: ARG in COPY from --build-arg",
      text: UNNAMED,
      header: "[stage-2 11/12] COPY Dockerfile /app/",
      line: 19,
    },
    {
      name: "unnamed: JSON COPY loses quotes",
      text: UNNAMED,
      header: "[stage-2 12/12] COPY [app.py, /app/x.py]",
      line: 20,
    },
    { name: "FROM <stage> is not counted", text: FROM_STAGE, header: "[child 1/2] RUN echo child", line: 7 },
    { name: "FROM scratch is not counted", text: FROM_STAGE, header: "[final 2/2] COPY app.py /", line: 11 },
    {
      name: "stale: WORKDIR labelled stage-2 by another build",
      text: FROM_STAGE,
      header: "[stage-2 2/6] WORKDIR /app",
      line: 3,
    },
    {
      name: "stale: FROM labelled 'assets' by another build",
      text: FROM_STAGE,
      header: "[assets 1/4] FROM docker.io/docker-cache-bench/base:local",
      line: 2,
    },
    {
      name: "quotes: RUN keeps quotes, expands ENV/ARG",
      text: QUOTES,
      header: "[2/7] RUN echo \"quoted hello world\" 'single $V' $HOME 1.0 ${UNSET:-dflt} > /a",
      line: 5,
    },
    { name: "quotes: JSON RUN", text: QUOTES, header: '[3/7] RUN ["sh", "-c", "echo json 1.0"]', line: 6 },
    {
      name: "quotes: JSON COPY with flag",
      text: QUOTES,
      header: "[4/7] COPY --chown=0:0 [app.py, /app/]",
      line: 7,
    },
    { name: "quotes: quoted COPY destination", text: QUOTES, header: "[5/7] COPY app.py /app/q.py", line: 8 },
    { name: "quotes: comment inside continuation", text: QUOTES, header: "[6/7] RUN echo a     b", line: 9 },
    { name: "quotes: after a blank line", text: QUOTES, header: "[7/7] RUN echo after blank", line: 13 },
    // The text alone is ambiguous here (two lines match): the index must pick the line.
    { name: "repeated text: the first by its index", text: REPEATED, header: "[2/3] RUN echo make", line: 3 },
    {
      name: "repeated text: the second by its index",
      text: REPEATED,
      header: "[3/3] RUN echo make",
      line: 4,
    },
    {
      name: "repeated text: FROM by its index",
      text: REPEATED,
      header: "[1/3] FROM docker.io/docker-cache-bench/base:local",
      line: 2,
    },
  ])("$name → line $line", ({ text, header, line }) => {
    expect(lineForStep(parseDockerfile(text, { buildArgs: BASE_ARGS }), step(header))).toBe(line);
  });

  it("maps with --target as BuildKit numbers it (unchanged by the target)", () => {
    const model = parseDockerfile(MULTI, { buildArgs: BASE_ARGS });
    expect(lineForStep(model, step("[builder 2/5] WORKDIR /src"), "builder")).toBe(5);
    expect(lineForStep(model, step("[unused 2/2] RUN echo unused"), "unused")).toBe(19);
  });
});

describe("lineForStep fallbacks", () => {
  it.each([
    {
      name: "heredoc prints its first body line",
      text: df("FROM alpine", "RUN <<EOF", "apk update", "apk add git", "EOF"),
      ref: step("[2/2] RUN <<EOF (apk update...)"),
      line: 2,
    },
    {
      name: "no index: matched by text",
      text: df("FROM alpine AS a", "RUN one", "FROM alpine", "RUN two"),
      ref: { stage: null, index: null, instruction: "RUN two" },
      line: 4,
    },
    {
      name: "wrong n: matched by text within the stage",
      text: df("FROM alpine AS a", "RUN one", "RUN two"),
      ref: step("[a 2/7] RUN two"),
      line: 3,
    },
    {
      name: "same text in an unreached stage does not count",
      text: df("FROM alpine AS a", "RUN make", "FROM alpine AS b", "RUN make"),
      ref: { stage: null, index: null, instruction: "RUN make" },
      line: 4,
    },
    {
      name: "ambiguous text without a usable index",
      text: df(
        "FROM alpine AS a",
        "RUN make",
        "FROM alpine AS b",
        "RUN make",
        "FROM alpine",
        "COPY --from=a / /a",
        "COPY --from=b / /b",
      ),
      ref: { stage: null, index: null, instruction: "RUN make" },
      line: null,
    },
    {
      name: "repeated text, index off by one stage: no line rather than a wrong one",
      text: df("FROM alpine", "RUN make", "RUN make"),
      ref: step("[2/4] RUN make"),
      line: null,
    },
    {
      name: "repeated text, index of another instruction: no line rather than a wrong one",
      text: df("FROM alpine", "RUN make", "RUN make", "COPY . ."),
      ref: step("[4/4] RUN make"),
      line: null,
    },
    {
      name: "FROM without build args still maps through the index",
      text: df("ARG BASE=python:3.12-slim", "FROM ${BASE}", "RUN x"),
      ref: step("[1/2] FROM docker.io/docker-cache-bench/base:local"),
      line: 2,
    },
    {
      name: "ONBUILD triggers come from the base image",
      text: df("FROM alpine", "RUN x"),
      ref: step("[2/2] ONBUILD RUN echo hi"),
      line: null,
    },
    {
      name: "unknown instruction",
      text: df("FROM alpine", "RUN x"),
      ref: step("[2/2] RUN y"),
      line: null,
    },
  ])("$name", ({ text, ref, line }) => {
    expect(lineForStep(parseDockerfile(text), ref)).toBe(line);
  });
});

describe("buildkitStageName", () => {
  it.each([
    { name: "single named stage prints no name", text: df("FROM a AS App", "RUN x"), expected: [null] },
    {
      name: "multi: stage-<index> for unnamed",
      text: df("FROM a AS first", "FROM a"),
      expected: ["first", "stage-1"],
    },
  ])("$name", ({ text, expected }) => {
    const model = parseDockerfile(text);
    expect(model.stages.map((s) => buildkitStageName(model, s))).toEqual(expected);
  });
});

// BuildKit prints a FROM with the image as it resolved it (`docker.io/library/…`, a tag added, a
// digest appended) and a stale or missing `[i/n]` leaves only that text to go by.
describe("lineForStep by text alone: the forms BuildKit prints a FROM image in", () => {
  const text = df(
    "FROM python:3.12-slim AS deps",
    "RUN pip install x",
    "FROM node:22 AS web",
    "RUN npm ci",
    "FROM alpine AS tools",
    "RUN apk add git",
    "FROM localhost:5000/app AS local",
    "RUN true",
    "FROM ghcr.io/acme/base:1.0",
    "COPY --from=deps / /",
    "COPY --from=web / /",
    "COPY --from=tools / /",
    "COPY --from=local / /",
  );
  const model = parseDockerfile(text);
  it.each([
    { name: "docker.io/library/ added", printed: "FROM docker.io/library/python:3.12-slim", line: 1 },
    {
      name: "and a digest",
      printed: `FROM docker.io/library/python:3.12-slim@sha256:${"0123456789abcdef".repeat(4)}`,
      line: 1,
    },
    { name: "index.docker.io", printed: "FROM index.docker.io/library/node:22", line: 3 },
    { name: ":latest added to an untagged image", printed: "FROM docker.io/library/alpine:latest", line: 5 },
    { name: "a registry with a port, untagged", printed: "FROM localhost:5000/app:latest", line: 7 },
    { name: "another registry, as written", printed: "FROM ghcr.io/acme/base:1.0", line: 9 },
    { name: "an image no stage uses", printed: "FROM docker.io/library/ruby:3.3", line: null },
    { name: "another tag of a stage's image", printed: "FROM docker.io/library/node:20", line: null },
  ])("$name", ({ printed, line }) => {
    expect(lineForStep(model, { stage: null, index: null, instruction: printed })).toBe(line);
  });
});

// Repeated text (`RUN make` twice) leaves only the `[i/n]` index: these cases hold only if the
// stage is found from BuildKit's name and numbered exactly as BuildKit numbers it.
describe("lineForStep by index where the text is repeated", () => {
  const stages = (n: number) =>
    Array.from({ length: n }, (_, k) => (k === 0 ? "FROM alpine AS a\nRUN make" : "FROM alpine\nRUN make"));
  it.each([
    {
      name: "FROM scratch is not counted",
      text: df("FROM alpine AS build", "RUN make", "FROM scratch", "COPY a /a", "COPY a /a"),
      ref: step("[stage-1 2/2] COPY a /a"),
      line: 5,
    },
    {
      name: "FROM <earlier stage> is not counted",
      text: df("FROM alpine AS base", "RUN make", "FROM base", "RUN make", "RUN make"),
      ref: step("[stage-1 2/2] RUN make"),
      line: 5,
    },
    {
      name: "ENV is not counted",
      text: df("FROM alpine", "ENV A=1", "RUN make", "RUN make"),
      ref: step("[3/3] RUN make"),
      line: 4,
    },
    {
      name: "an unnamed stage by its stage-<index>",
      text: df("FROM alpine AS a", "RUN make", "FROM alpine", "RUN make", "RUN make"),
      ref: step("[stage-1 3/3] RUN make"),
      line: 5,
    },
    {
      name: "stage-11 of twelve",
      text: `${[...stages(11), "FROM alpine\nRUN make\nRUN make"].join("\n")}\n`,
      ref: step("[stage-11 3/3] RUN make"),
      line: 25,
    },
    {
      name: "a stale stage-1 label on a named stage is not trusted",
      text: df("FROM alpine AS a", "RUN make", "FROM alpine AS b", "RUN make", "RUN make"),
      ref: step("[stage-1 2/3] RUN make"),
      line: null,
    },
    {
      name: "a wrong n: the step's own stage is searched before the others",
      text: df(
        "FROM alpine AS a",
        "RUN make",
        "FROM alpine AS b",
        "RUN build",
        "RUN make",
        "FROM alpine",
        "COPY --from=a / /a",
        "COPY --from=b / /b",
      ),
      ref: step("[b 3/9] RUN make"),
      line: 5,
    },
  ])("$name", ({ text, ref, line }) => {
    expect(lineForStep(parseDockerfile(text), ref)).toBe(line);
  });
});

describe("lineForStep, the rest of what it is given", () => {
  const text = df("FROM alpine AS a", "RUN make", "RUN make", "FROM alpine AS b", "COPY --from=a / /");
  const model = parseDockerfile(text);
  it.each([
    {
      name: "an index without text: the index",
      ref: { stage: "a", index: { i: 3, n: 3 }, instruction: null },
      line: 3,
    },
    {
      name: "an unusable index without text: none",
      ref: { stage: "a", index: { i: 3, n: 4 }, instruction: null },
      line: null,
    },
  ])("$name", ({ ref, line }) => {
    expect(lineForStep(model, ref)).toBe(line);
  });

  it("a heredoc found by text: its header, not the first body line BuildKit appends", () => {
    const heredoc = parseDockerfile(df("FROM alpine", "RUN <<EOF", "apk update", "EOF", "RUN make"));
    expect(lineForStep(heredoc, { stage: null, index: null, instruction: "RUN <<EOF (apk update...)" })).toBe(
      2,
    );
  });

  it("a RUN that starts a subshell is not cut like a heredoc's header", () => {
    const sub = parseDockerfile(df("FROM alpine", "RUN (cd sub && make)", "RUN make"));
    expect(lineForStep(sub, { stage: null, index: null, instruction: "RUN (cd sub && make)" })).toBe(2);
  });

  it("a --target no stage has: every stage is searched", () => {
    expect(lineForStep(model, step("[b 2/2] COPY --from=a / /"), "nonexistent")).toBe(5);
  });

  it("the JSON form of COPY without blanks, printed with them", () => {
    const json = parseDockerfile(df("FROM alpine", 'COPY ["a","/b/"]', "RUN make"));
    expect(lineForStep(json, { stage: null, index: null, instruction: "COPY [a, /b/]" })).toBe(2);
  });
});
