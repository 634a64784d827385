// Hand-made SolveStatus streams for the cases the captured fixtures (buildx 0.13, indented) do not
// cover: one object per line (buildx ≥ 0.15), warnings, progress groups, cancellation.
import { describe, expect, it } from "vitest";
import { createJsonStream } from "../../src/progress/json-stream.js";
import { createRawjsonParser, secondsBetween } from "../../src/progress/index.js";
import type { BuildTrace, TraceStep } from "../../src/progress/index.js";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const T0 = "2024-06-01T10:00:00.123456789Z";
const T1 = "2024-06-01T10:00:01.5Z";

function parse(lines: string[]): BuildTrace {
  const p = createRawjsonParser();
  for (const l of lines) p.line(l);
  return p.result();
}

/** One compact object per line, as buildx ≥ 0.15 writes them. */
const compact = (...objects: object[]) => objects.map((o) => JSON.stringify(o));
/** Indented, as buildx 0.12–0.14 writes them. */
const indented = (...objects: object[]) => objects.flatMap((o) => JSON.stringify(o, null, 2).split("\n"));

const vtx = (digest: string, name: string, extra: object = {}) => ({
  vertexes: [{ digest, name, ...extra }],
});

function only(trace: BuildTrace): TraceStep {
  expect(trace.steps).toHaveLength(1);
  return trace.steps[0] as TraceStep;
}

describe("json stream splitting", () => {
  const values = (lines: string[]) => {
    const got: unknown[] = [];
    const text: string[] = [];
    const s = createJsonStream({ value: (v) => got.push(v), text: (l) => text.push(l) });
    for (const l of lines) s.line(l);
    return { got, text };
  };

  it.each([
    { case: "indented over many lines", lines: ["{", '  "a": [', "    1", "  ]", "}"], want: [{ a: [1] }] },
    { case: "one per line", lines: ['{"a":1}', '{"b":2}'], want: [{ a: 1 }, { b: 2 }] },
    { case: "two on one line", lines: ['{"a":1}{"b":2}'], want: [{ a: 1 }, { b: 2 }] },
    { case: "a value ending mid-line", lines: ['{"a":', '1}{"b":', "2}"], want: [{ a: 1 }, { b: 2 }] },
    {
      case: "braces and quotes inside strings",
      lines: ['{"a":"}{\\"[","b":"\\\\"}'],
      want: [{ a: '}{"[', b: "\\" }],
    },
    { case: "broken value skipped", lines: ['{"a": }', '{"b":2}'], want: [{ b: 2 }] },
  ])("$case", ({ lines, want }) => {
    expect(values(lines).got).toEqual(want);
  });

  it("passes non-JSON lines through", () => {
    const { got, text } = values(['{"a":1}', "ERROR: failed to solve: boom"]);
    expect(got).toEqual([{ a: 1 }]);
    expect(text).toEqual(["ERROR: failed to solve: boom"]);
  });
});

describe.each([
  { layout: "one object per line (buildx ≥ 0.15)", lines: compact },
  { layout: "indented (buildx 0.12–0.14)", lines: indented },
])("rawjson, $layout", ({ lines }) => {
  it("vertex lifecycle: announced, started, completed → done, sub-ms seconds", () => {
    const t = parse(
      lines(
        vtx("sha256:a", "[2/3] RUN make"),
        vtx("sha256:a", "[2/3] RUN make", { started: T0 }),
        vtx("sha256:a", "[2/3] RUN make", { started: T0, completed: T1 }),
      ),
    );
    expect(only(t)).toMatchObject({
      key: "sha256:a",
      name: "[2/3] RUN make",
      status: "done",
      seconds: 1.376543,
      started: T0,
      completed: T1,
      index: { i: 2, n: 3 },
    });
  });

  it("started only → running", () => {
    expect(only(parse(lines(vtx("sha256:a", "[2/3] RUN make", { started: T0 })))).status).toBe("running");
  });

  it("cached → cached without seconds", () => {
    expect(
      only(parse(lines(vtx("sha256:a", "[1/3] FROM x", { started: T0, completed: T0, cached: true })))),
    ).toMatchObject({ status: "cached", seconds: null });
  });

  it.each([
    { error: 'process "/bin/sh -c exit 3" did not complete successfully: exit code: 3', status: "error" },
    { error: "context canceled", status: "canceled" },
    { error: "failed to compute cache key: context canceled", status: "canceled" },
  ])("error $error → $status", ({ error, status }) => {
    const s = only(parse(lines(vtx("sha256:a", "[2/3] RUN x", { started: T0, completed: T1, error }))));
    expect(s).toMatchObject({ status, error });
  });

  it("a vertex that never starts is not a step", () => {
    const t = parse(
      lines(
        vtx("sha256:a", "[4/5] RUN exit 3", { started: T0, completed: T1, error: "exit code: 3" }),
        vtx("sha256:b", "[5/5] RUN never"),
      ),
    );
    expect(t.steps.map((s) => s.name)).toEqual(["[4/5] RUN exit 3"]);
  });

  it("last interval wins", () => {
    const t = parse(
      lines(
        vtx("sha256:a", "x", { started: T0, completed: T1 }),
        vtx("sha256:a", "x", { started: "2024-06-01T10:00:05Z" }),
        vtx("sha256:a", "x", { started: "2024-06-01T10:00:05Z", completed: "2024-06-01T10:00:05.25Z" }),
      ),
    );
    expect(only(t)).toMatchObject({ status: "done", seconds: 0.25 });
  });

  it("two digests with one name are one step", () => {
    const t = parse(
      lines(
        vtx("sha256:a", "[internal] load build context", { started: T0, completed: T1 }),
        vtx("sha256:b", "[internal] load build context", { started: T0, completed: T1, cached: true }),
      ),
    );
    expect(only(t)).toMatchObject({ key: "sha256:a", status: "cached" });
  });

  // COPY --link: the copy (weak member) and the `LINK` merge share a group (BuildKit convert_copy.go).
  describe("COPY --link: the vertices of one progress group are one step", () => {
    const pg = (weak: boolean) => ({ id: "pg1", name: "[3/4] COPY --link . .", weak });
    const copy = (extra: object) =>
      vtx("sha256:c", "[3/4] COPY --link . .", { progressGroup: pg(true), ...extra });
    const link = (extra: object) =>
      vtx("sha256:l", "[3/4] LINK COPY --link . .", { progressGroup: pg(false), ...extra });
    const T2 = "2024-06-01T10:00:01.75Z";

    it.each([
      {
        case: "both ran: done, times add up",
        updates: [copy({ started: T0, completed: T1 }), link({ started: T1, completed: T2 })],
        want: { status: "done", seconds: 1.626543, started: T0, completed: T2 },
      },
      {
        case: "both cached: cached",
        updates: [
          copy({ started: T0, completed: T0, cached: true }),
          link({ started: T0, completed: T0, cached: true }),
        ],
        want: { status: "cached", seconds: null },
      },
      {
        case: "copy cached, merge redone (what --link is for): not cached, as buildx prints it",
        updates: [copy({ started: T0, completed: T0, cached: true }), link({ started: T1, completed: T2 })],
        want: { status: "done", seconds: 0.25 },
      },
      {
        case: "the copy failed",
        updates: [copy({ started: T0, completed: T1, error: "failed to compute cache key" })],
        want: { status: "error", error: "failed to compute cache key" },
      },
      {
        case: "merge still running",
        updates: [copy({ started: T0, completed: T1 }), link({ started: T1 })],
        want: { status: "running", completed: null },
      },
    ])("$case", ({ updates, want }) => {
      expect(only(parse(lines(...updates)))).toMatchObject({
        key: "sha256:c",
        name: "[3/4] COPY --link . .",
        instruction: "COPY --link . .",
        index: { i: 3, n: 4 },
        progressGroup: "[3/4] COPY --link . .",
        ...want,
      });
    });

    it("a LINK vertex seen alone still names its instruction", () => {
      const t = parse(lines(link({ started: T1, completed: T2 })));
      expect(only(t)).toMatchObject({ name: "[3/4] COPY --link . .", status: "done", seconds: 0.25 });
    });

    it("members of other groups stay apart, in first-seen order", () => {
      const other = { id: "pg2", name: "[4/4] COPY --link b .", weak: true };
      const t = parse(
        lines(
          copy({ started: T0, completed: T1 }),
          vtx("sha256:d", "[4/4] COPY --link b .", { progressGroup: other, started: T1, completed: T2 }),
          link({ started: T1, completed: T2 }),
        ),
      );
      expect(t.steps.map((s) => s.name)).toEqual(["[3/4] COPY --link . .", "[4/4] COPY --link b ."]);
    });
  });

  it("logs: base64 chunks split anywhere become lines", () => {
    const log = (data: string) => ({
      logs: [{ vertex: "sha256:a", stream: 1, data: b64(data), timestamp: T1 }],
    });
    const t = parse(
      lines(
        vtx("sha256:a", "[2/3] RUN make", { started: T0 }),
        log("hel"),
        log("lo\nwor"),
        log("ld\nno newline yet"),
      ),
    );
    expect(only(t).logTail).toEqual(["hello", "world", "no newline yet"]);
  });

  it("warnings: build-level and on their step", () => {
    const w = {
      vertex: "sha256:a",
      level: 1,
      short: b64("FromAsCasing: 'as' and 'FROM' keywords' casing do not match"),
      url: "https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
    };
    const t = parse(
      lines(vtx("sha256:a", "[internal] load build definition from Dockerfile", { started: T0 }), {
        warnings: [w],
      }),
    );
    expect(t.warnings).toEqual(["FromAsCasing: 'as' and 'FROM' keywords' casing do not match"]);
    expect(only(t).warnings).toEqual(t.warnings);
  });

  it("image id from a writing image status", () => {
    const id = "sha256:" + "c".repeat(64);
    const t = parse(
      lines(vtx("sha256:e", "exporting to image", { started: T0 }), {
        statuses: [{ id: `writing image ${id}`, vertex: "sha256:e", current: 0, timestamp: T1, started: T1 }],
      }),
    );
    expect(t.imageId).toBe(id);
  });

  it("GitHub job log copy: timestamp before every line", () => {
    const t = parse(
      lines(vtx("sha256:a", "[1/1] FROM x", { started: T0, completed: T1 })).map(
        (l) => `2024-06-01T10:00:02.0000000Z ${l}`,
      ),
    );
    expect(only(t)).toMatchObject({ status: "done", seconds: 1.376543 });
  });

  it("trailing ERROR line is a build error", () => {
    const t = parse([
      ...lines(vtx("sha256:a", "[2/2] RUN x", { started: T0, completed: T1, error: "exit code: 3" })),
      "ERROR: failed to solve: exit code: 3",
    ]);
    expect(t.errors).toEqual(["failed to solve: exit code: 3"]);
    expect(t.format).toBe("rawjson");
  });
});

describe("secondsBetween", () => {
  it.each([
    [T0, T1, 1.376543],
    ["2024-06-01T10:00:00Z", "2024-06-01T10:01:00.000000001Z", 60],
    ["2024-06-01T12:00:00+02:00", "2024-06-01T10:00:00.5Z", 0.5],
    ["garbage", T1, null],
  ])("%s → %s = %s", (a, b, want) => {
    expect(secondsBetween(a, b)).toBe(want);
  });
});

// The vertex counts are what the engine's build record is checked against (src/docker/records-check.ts):
// every distinct digest once, cached when any update of it said so, in either line layout.
describe("vertex counts for the build-record cross-check", () => {
  const stream = [
    vtx("sha256:a", "[1/3] FROM base", { started: T0 }),
    vtx("sha256:a", "[1/3] FROM base", { started: T0, completed: T1, cached: true }),
    vtx("sha256:b", "[2/3] RUN make", { started: T0 }),
    vtx("sha256:b", "[2/3] RUN make", { started: T0, completed: T1, cached: false }),
    vtx("sha256:c", "[3/3] COPY . .", { cached: true }),
    // A later update without `cached` does not make a cached vertex uncached.
    vtx("sha256:c", "[3/3] COPY . .", { started: T0, completed: T1 }),
    // Announced only (no times): still a vertex BuildKit sent.
    vtx("sha256:d", "[internal] load metadata"),
    // No digest: not a vertex.
    { vertexes: [{ name: "nameless" }] },
  ];

  it.each([
    ["compact", compact],
    ["indented", indented],
  ])("%s: four distinct vertices, two cached", (_layout, write) => {
    expect(parse(write(...stream)).vertices).toEqual({ total: 4, cached: 2 });
  });

  it("a stream with no vertex counts none", () => {
    expect(parse(compact({ logs: [] })).vertices).toEqual({ total: 0, cached: 0 });
  });
});
