import { describe, expect, it } from "vitest";
import {
  contextCopies,
  parseDockerfile,
  stagesForTarget,
  UnknownTargetError,
} from "../../src/dockerfile/index.js";

const df = (...lines: string[]) => lines.join("\n") + "\n";

const MULTI = df(
  "ARG BASE=python:3.12-slim",
  "FROM ${BASE} AS deps", // 0
  "COPY requirements.txt .",
  "RUN pip install -r requirements.txt",
  "FROM ${BASE} AS Assets", // 1
  "COPY web/ /web/",
  "FROM deps AS builder", // 2: FROM <stage>
  "COPY . /src",
  "FROM ${BASE} AS unused", // 3
  "COPY unused.txt /",
  "FROM ${BASE} AS tools", // 4
  "RUN make-tool",
  "FROM ${BASE}", // 5: COPY --from by name and by index, RUN --mount from
  "COPY --from=builder /src /app",
  "COPY --from=1 /web /app/web",
  "RUN --mount=type=bind,from=tools,source=/bin,target=/t ls /t",
  "COPY --from=nginx:alpine /etc/nginx /etc/nginx",
);

describe("stagesForTarget", () => {
  const model = parseDockerfile(MULTI);
  it.each([
    { name: "default target is the last stage", target: undefined, expected: [0, 1, 2, 4, 5] },
    { name: "FROM <stage> pulls in the parent", target: "builder", expected: [0, 2] },
    { name: "target names are case-insensitive", target: "ASSETS", expected: [1] },
    { name: "a stage nobody uses", target: "unused", expected: [3] },
  ])("$name", ({ target, expected }) => {
    expect(stagesForTarget(model, target).map((s) => s.index)).toEqual(expected);
  });

  it("follows ARGs in FROM and COPY --from, with build args", () => {
    const text = df(
      "ARG PARENT=a",
      "FROM alpine AS a",
      "FROM alpine AS b",
      "FROM ${PARENT} AS child",
      "ARG SRC=a",
      "COPY --from=${SRC} /x /x",
    );
    const model = parseDockerfile(text);
    expect(stagesForTarget(model).map((s) => s.name)).toEqual(["a", "child"]);
    expect(stagesForTarget(model, undefined, { PARENT: "b", SRC: "b" }).map((s) => s.name)).toEqual([
      "b",
      "child",
    ]);
    expect(stagesForTarget(parseDockerfile(text, { buildArgs: { PARENT: "b" } })).map((s) => s.name)).toEqual(
      ["a", "b", "child"],
    );
  });

  it("does not treat RUN --mount from=<index> as a stage (BuildKit pulls an image named 1)", () => {
    const model = parseDockerfile(df("FROM alpine AS a", "FROM alpine", "RUN --mount=from=0,target=/x ls"));
    expect(stagesForTarget(model).map((s) => s.index)).toEqual([1]);
  });

  it("throws a typed error for an unknown target, naming the stages", () => {
    expect(() => stagesForTarget(model, "nope")).toThrow(UnknownTargetError);
    expect(() => stagesForTarget(model, "nope")).toThrow(/deps, assets, builder, unused, tools/);
  });
});

describe("contextCopies", () => {
  it.each([
    {
      name: "multi-stage: only reached stages, no --from",
      text: MULTI,
      target: undefined,
      expected: [
        { stage: 0, line: 3, sources: ["requirements.txt"], destination: "." },
        { stage: 1, line: 6, sources: ["web"], destination: "/web/" },
        { stage: 2, line: 8, sources: ["."], destination: "/src" },
      ],
    },
    {
      name: "JSON form, several sources, flags",
      text: df("FROM a", 'COPY --chown=1:1 ["a b.txt", "src/", "/dst/"]', "COPY --link x y /z/"),
      target: undefined,
      expected: [
        { stage: 0, line: 2, sources: ["a b.txt", "src"], destination: "/dst/" },
        { stage: 0, line: 3, sources: ["x", "y"], destination: "/z/" },
      ],
    },
    {
      // BuildKit decodes the JSON, then runs each word through its shell lexer (ProcessWord):
      // the escape goes, quotes go, blanks stay. Checked by building it on Docker 20.10 and 28.5:
      // the first copies every file matching `a*b`, the second the file `a b`.
      name: "JSON form: escapes and quotes are read as BuildKit's lexer reads them after decoding",
      text: df("FROM a", "ARG D=lib", 'COPY ["a\\\\*b", "\'a b\'", "$D/x  y", "/dst/"]'),
      target: undefined,
      expected: [{ stage: 0, line: 3, sources: ["a*b", "a b", "lib/x  y"], destination: "/dst/" }],
    },
    {
      name: "ADD of URLs and git is not the context; local ADD is",
      text: df(
        "FROM a",
        "ADD https://example.com/x.tgz /x",
        "ADD git@github.com:o/r.git /r",
        "ADD vendor.tar.gz https://e.com/y /v/",
      ),
      target: undefined,
      expected: [{ stage: 0, line: 4, sources: ["vendor.tar.gz"], destination: "/v/" }],
    },
    {
      name: "--parents pivot, ./ and leading / are normalised, ARG/ENV expanded",
      text: df("FROM a", "ARG DIR=src", "ENV F=main.py", "COPY --parents ./pkg/./**/go.mod /$DIR/${F} /app/"),
      target: undefined,
      expected: [{ stage: 0, line: 4, sources: ["pkg/**/go.mod", "src/main.py"], destination: "/app/" }],
    },
    {
      name: "heredoc COPY reads no context",
      text: df("FROM a", "COPY <<EOF /etc/conf", "x", "EOF", "COPY app.py /app/"),
      target: undefined,
      expected: [{ stage: 0, line: 5, sources: ["app.py"], destination: "/app/" }],
    },
    {
      name: "quoted shell-form source",
      text: df("FROM a", 'COPY "my file.txt" /x/'),
      target: undefined,
      expected: [{ stage: 0, line: 2, sources: ["my file.txt"], destination: "/x/" }],
    },
  ])("$name", ({ text, target, expected }) => {
    const copies = contextCopies(parseDockerfile(text), target);
    expect(
      copies.map((c) => ({
        stage: c.stage.index,
        line: c.line,
        sources: c.sources,
        destination: c.destination,
      })),
    ).toEqual(expected);
  });

  it("uses build args for the sources", () => {
    const model = parseDockerfile(df("FROM a", "ARG APP=app.py", "COPY ${APP} /app/"));
    expect(contextCopies(model, undefined, { APP: "other.py" })[0]?.sources).toEqual(["other.py"]);
  });
});
