import { describe, expect, it } from "vitest";
import { DockerfileParseError, parseDockerfile } from "../../src/dockerfile/index.js";

const df = (...lines: string[]) => lines.join("\n") + "\n";

describe("parseDockerfile", () => {
  it("reads global ARGs with defaults and resolves FROM with them", () => {
    const model = parseDockerfile(
      df("ARG BASE=python:3.12-slim", "ARG TAG", "FROM ${BASE} AS App", "RUN true"),
    );
    expect(model.globalArgs).toEqual([
      { name: "BASE", defaultValue: "python:3.12-slim", line: 1 },
      { name: "TAG", defaultValue: null, line: 2 },
    ]);
    expect(model.stages[0]).toMatchObject({
      index: 0,
      name: "app",
      base: "${BASE}",
      baseResolved: "python:3.12-slim",
      line: 3,
    });
  });

  it.each<{ name: string; buildArgs: Record<string, string>; expected: string }>([
    { name: "default", buildArgs: {}, expected: "python:3.12-slim" },
    {
      name: "build arg overrides",
      buildArgs: { BASE: "docker-cache-bench/base:local" },
      expected: "docker-cache-bench/base:local",
    },
    { name: "undeclared build arg is ignored", buildArgs: { OTHER: "x" }, expected: "python:3.12-slim" },
  ])("resolves FROM ${BASE}: $name", ({ buildArgs, expected }) => {
    const model = parseDockerfile(df("ARG BASE=python:3.12-slim", "FROM ${BASE}"), { buildArgs });
    expect(model.stages[0]?.baseResolved).toBe(expected);
  });

  it.each([
    { name: "braces with default", from: "FROM ${REG:-docker.io}/app:${V}", expected: "docker.io/app:1" },
    { name: "plain $VAR", from: "FROM app:$V", expected: "app:1" },
    { name: "unknown variable expands empty", from: "FROM app$NOPE:$V", expected: "app:1" },
    {
      name: "default built from an earlier ARG",
      from: "ARG IMG=$REG/app:$V\nFROM ${IMG}",
      expected: "/app:1",
    },
  ])("expands variables in FROM: $name", ({ from, expected }) => {
    expect(parseDockerfile(df("ARG V=1", "ARG REG", from)).stages[0]?.baseResolved).toBe(expected);
  });

  it("a build arg flows into the defaults of later global ARGs", () => {
    const text = df("ARG REG=docker.io", "ARG IMG=${REG}/app", "FROM $IMG");
    expect(parseDockerfile(text, { buildArgs: { REG: "ghcr.io" } }).stages[0]?.baseResolved).toBe(
      "ghcr.io/app",
    );
  });

  it("keeps every instruction with 1-based start and end lines, joined continuations and flags", () => {
    const model = parseDockerfile(
      df(
        "# syntax=docker/dockerfile:1",
        "FROM alpine AS build",
        "ENV A=1",
        "# a comment",
        "RUN --mount=type=cache,target=/root/.cache \\",
        "    # comment inside the continuation",
        "    pip install \\",
        "      flask",
        "COPY --from=0 --chown=1:1 --link a b /dst/",
        "LABEL x=y",
        'CMD ["sh"]',
      ),
    );
    const ins = model.stages[0]?.instructions ?? [];
    expect(ins.map((i) => [i.keyword, i.line, i.endLine])).toEqual([
      ["ENV", 3, 3],
      ["RUN", 5, 8],
      ["COPY", 9, 9],
      ["LABEL", 10, 10],
      ["CMD", 11, 11],
    ]);
    expect(ins[1]?.args).toBe("--mount=type=cache,target=/root/.cache     pip install       flask");
    expect(ins[1]?.mounts).toEqual(["type=cache,target=/root/.cache"]);
    expect(ins[2]?.flags).toEqual({ from: "0", chown: "1:1", link: true });
  });

  it.each([
    {
      name: "RUN heredoc",
      text: df("FROM a", "RUN <<EOF", "echo hi", "EOF", "RUN next"),
      expected: { keyword: "RUN", line: 2, endLine: 4, heredoc: true, args: "<<EOF\necho hi\nEOF" },
    },
    {
      name: "RUN <<-EOT with interpreter",
      text: df("FROM a", "RUN <<-EOT bash", "\techo a", "EOT"),
      expected: { keyword: "RUN", line: 2, endLine: 4, heredoc: true, args: "<<-EOT bash\n\techo a\nEOT" },
    },
    {
      name: "COPY heredoc",
      text: df("FROM a", "COPY <<EOF /app/conf", "key=value", "EOF"),
      expected: { keyword: "COPY", line: 2, endLine: 4, heredoc: true },
    },
    {
      name: "two heredocs in one RUN",
      text: df("FROM a", "RUN <<A <<B", "a", "A", "b", "B"),
      expected: { keyword: "RUN", line: 2, endLine: 6, heredoc: true },
    },
  ])("handles heredocs: $name", ({ text, expected }) => {
    expect(parseDockerfile(text).stages[0]?.instructions[0]).toMatchObject(expected);
  });

  it("honours # escape=` (backtick continuations, backslashes are literal)", () => {
    const model = parseDockerfile(
      df("# escape=`", "FROM mcr.microsoft.com/windows", "RUN echo a `", "  b", "COPY c:\\src C:\\app"),
    );
    expect(model.escapeChar).toBe("`");
    expect(model.stages[0]?.instructions.map((i) => [i.keyword, i.line, i.args])).toEqual([
      ["RUN", 3, "echo a   b"],
      ["COPY", 5, "c:\\src C:\\app"],
    ]);
  });

  it("counts stages, lower-cases names, keeps --platform, tolerates CRLF and a BOM", () => {
    const model = parseDockerfile(
      "\uFEFFFROM --platform=$BUILDPLATFORM golang AS Build\r\nRUN go build\r\nfrom build\r\n",
    );
    expect(model.stages.map((s) => [s.index, s.name, s.base, s.platform, s.line])).toEqual([
      [0, "build", "golang", "$BUILDPLATFORM", 1],
      [1, null, "build", null, 3],
    ]);
  });

  it("throws a typed error without FROM", () => {
    expect(() => parseDockerfile("ARG X=1\n")).toThrow(DockerfileParseError);
  });
});
