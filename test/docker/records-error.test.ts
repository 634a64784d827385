// A failed build's record, from real bytes (test/fixtures/records/README.md): the error BuildKit
// keeps (its Dockerfile lines, vertex and exit code), the vertex's name and output from the
// replayed status stream, and how that meets what the parsed progress log says.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { describeBuildFailure } from "../../src/analysis/failure.js";
import { parseRecordedFailure, type RecordedFailure } from "../../src/docker/records-error.js";
import { decodeEvent, readContentRequest, statusRequest } from "../../src/docker/records-proto.js";
import { parseDockerfile } from "../../src/dockerfile/index.js";
import { parseProgressText } from "../../src/progress/index.js";
import { createRedactor } from "../../src/report/redact.js";

const DIR = resolve(import.meta.dirname, "../fixtures/records");
const ENGINES = [{ prefix: "containerd" }, { prefix: "classic" }];
const model = parseDockerfile(readFileSync(join(DIR, "Dockerfile"), "utf8"), {});
const STEP = `[3/3] RUN echo "compiling main.c" &&     echo "main.c:3: error: expected ';' before '}' token" >&2 &&     exit 3`;

function read(prefix: string, what: string): Buffer {
  return readFileSync(join(DIR, `${prefix}-${what}`));
}

/** The length-prefixed messages the capture wrote. */
function statusStream(prefix: string): Buffer[] {
  const body = read(prefix, "status.bin");
  const out: Buffer[] = [];
  for (let off = 0; off < body.length; off += 4 + body.readUInt32BE(off)) {
    out.push(body.subarray(off + 4, off + 4 + body.readUInt32BE(off)));
  }
  return out;
}

function recorded(prefix: string): RecordedFailure {
  return parseRecordedFailure(read(prefix, "error.bin"), statusStream(prefix));
}

describe.each(ENGINES)("a failed build's record ($prefix store)", ({ prefix }) => {
  it("the listed record: failed, exported to the capture's tag, its error in a blob named by digest", () => {
    const r = decodeEvent(read(prefix, "event.bin"));
    expect(r?.completed).toBe(true);
    expect(r?.error).toMatch(/did not complete successfully: exit code: 3$/);
    expect(r?.names).toEqual([expect.stringMatching(/^(docker\.io\/library\/)?dcb-capture:[0-9a-f]{12}$/)]);
    expect(r?.names[0]?.endsWith(r?.attrs.get("build-arg:NONCE") ?? "?")).toBe(true);
    const digest = `sha256:${createHash("sha256").update(read(prefix, "error.bin")).digest("hex")}`;
    expect(r?.externalError).toBe(digest);
    expect(r?.createdAt).toBeGreaterThan(Date.parse("2026-12-01") / 1000);
  });

  it("the blob: message, Dockerfile lines 5-7, vertex, exit code; the stream: its name and output", () => {
    const f = recorded(prefix);
    expect(f).toEqual({
      message: expect.stringMatching(/^process "\/bin\/sh -c echo .* exit code: 3$/),
      exitCode: 3,
      file: "Dockerfile",
      lines: { line: 5, endLine: 7 },
      vertex: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      step: STEP,
      logTail: ["compiling main.c", "main.c:3: error: expected ';' before '}' token"],
    });
  });

  it("the inline error (BuildKit ≥ 0.13): the message only, its details moved to the blob", () => {
    const inline = decodeEvent(read(prefix, "event.bin"))?.errorStatus;
    const f = parseRecordedFailure(inline ?? Buffer.alloc(0), statusStream(prefix));
    expect(f).toMatchObject({ exitCode: null, file: null, lines: null, vertex: null, step: null });
    expect(f.message).toBe(recorded(prefix).message);
  });

  it("with the parsed log: they agree, the record's lines are the range of the instruction", () => {
    const trace = parseProgressText(read(prefix, "progress.jsonl").toString("utf8"));
    const e = describeBuildFailure(
      "cold",
      { trace, exitCode: 1, stderrTail: [] },
      model,
      null,
      (t) => t,
      recorded(prefix),
    );
    expect(e).toMatchObject({ step: STEP, line: 5, endLine: 7, exitCode: 3, source: "record" });
    expect(e.record?.disagreements).toEqual([]);
    expect(e.record).toMatchObject({ file: "Dockerfile", line: 5, endLine: 7, step: STEP });
    expect(e.logTail).toEqual(e.record?.logTail);
    expect(e.message).toMatch(
      /^cold build failed at step ".*" \(Dockerfile lines 5-7\) with exit code 3: process /,
    );
  });
});

describe("a failed build's record against the log", () => {
  const trace = parseProgressText(read("containerd", "progress.jsonl").toString("utf8"));
  const describe_ = (r: RecordedFailure | null, redact = (t: string) => t) =>
    describeBuildFailure("cold", { trace, exitCode: 1, stderrTail: [] }, model, null, redact, r);

  it("a record that points elsewhere: its location wins, the difference is said", () => {
    const e = describe_({ ...recorded("containerd"), lines: { line: 6, endLine: 6 }, exitCode: 4 });
    expect(e).toMatchObject({ line: 6, endLine: 6, exitCode: 4, source: "record" });
    expect(e.record?.disagreements).toEqual([
      "Dockerfile line: the log says 5, the record 6",
      "exit code: the log says 3, the record 4",
    ]);
  });

  it("a record without location or vertex: the log's step and line, the record's facts kept", () => {
    const inline = parseRecordedFailure(decodeEvent(read("containerd", "event.bin"))!.errorStatus!);
    const e = describe_(inline);
    expect(e).toMatchObject({ step: STEP, line: 5, endLine: null, source: "log" });
    expect(e.message).toMatch(/\(Dockerfile line 5\) with exit code 3/);
  });

  it("no failing step (the frontend rejected a line): the record's line alone", () => {
    const empty = parseProgressText("ERROR: failed to build: failed to solve: unsupported mount type\n");
    const r = { ...recorded("containerd"), step: null, vertex: null, logTail: [], exitCode: null };
    const e = describeBuildFailure(
      "cold",
      { trace: empty, exitCode: 1, stderrTail: [] },
      model,
      null,
      (t) => t,
      {
        ...r,
        lines: { line: 4, endLine: 4 },
        message: "unsupported mount type",
      },
    );
    expect(e).toMatchObject({ step: null, line: 4, endLine: 4, source: "record" });
    expect(e.message).toBe("cold build failed at Dockerfile line 4: unsupported mount type");
  });

  it("no record (Docker 20.10): the fields of before, nothing new", () => {
    expect(Object.keys(describe_(null))).toEqual(["phase", "step", "line", "exitCode", "message", "logTail"]);
  });

  it("a build-arg value in the record's message, step and output is redacted", () => {
    const e = describe_(recorded("containerd"), createRedactor({ SECRET: "main.c:3: error" }));
    expect(JSON.stringify(e)).not.toContain("main.c:3: error");
    expect(e.record?.logTail).toEqual(["compiling main.c", "${SECRET}: expected ';' before '}' token"]);
  });

  it("the requests: a ref or a digest as field 1", () => {
    expect(statusRequest("abc")).toEqual(Buffer.from([0x0a, 3, 0x61, 0x62, 0x63]));
    expect(readContentRequest("sha256:x").subarray(0, 2)).toEqual(Buffer.from([0x0a, 8]));
  });
});
