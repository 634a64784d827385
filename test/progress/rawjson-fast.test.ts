// The fast path for output chunks (src/progress/rawjson-fast.ts) must give exactly what the JSON
// stream gives: the captured buildx 0.13 logs (indented) are parsed as captured and re-indented
// by three spaces, which no fast path reads, and the results compared.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createJsonStream } from "../../src/progress/json-stream.js";
import { createRawjsonParser } from "../../src/progress/index.js";
import type { BuildTrace } from "../../src/progress/index.js";

const DIR = resolve(import.meta.dirname, "../fixtures/progress");
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const DIGEST = `sha256:${"ab".repeat(32)}`;

function parse(lines: string[]): BuildTrace {
  const p = createRawjsonParser();
  for (const l of lines) p.line(l);
  return p.result();
}

/** The same log with every JSON value indented by three spaces (text lines kept). */
function reindent(lines: string[]): string[] {
  const out: string[] = [];
  const s = createJsonStream({
    value: (v) => out.push(...JSON.stringify(v, null, 3).split("\n")),
    text: (l) => out.push(l),
  });
  for (const l of lines) s.line(l);
  return out;
}

const logUpdate = (data: string) => ({
  logs: [{ vertex: DIGEST, stream: 1, data: b64(data), timestamp: "2026-11-28T01:21:30.690406444Z" }],
});
const start = { vertexes: [{ digest: DIGEST, name: "[2/3] RUN build", started: "2026-11-28T01:21:30Z" }] };

describe("output chunks read without JSON.parse", () => {
  const captured = readdirSync(DIR).filter((f) => /^buildx-rawjson-.*\.log$/.test(f));

  it.each(captured)("%s (buildx 0.13, indented): the result of the general path", (name) => {
    const lines = readFileSync(join(DIR, name), "utf8").split("\n");
    expect(lines.some((l) => l === '  "logs": [')).toBe(true);
    expect(parse(lines)).toEqual(parse(reindent(lines)));
  });

  it.each([
    ["one object per line", (o: object[]) => o.map((x) => JSON.stringify(x))],
    ["indented", (o: object[]) => o.flatMap((x) => JSON.stringify(x, null, 2).split("\n"))],
  ])("%s: UTF-8 output decodes as UTF-8, ASCII as itself", (_layout, layout) => {
    const t = parse(layout([start, logUpdate("héllo ✓ 日本\n"), logUpdate("plain ascii\n")]));
    expect(t.steps[0]?.logTail).toEqual(["héllo ✓ 日本", "plain ascii"]);
  });

  it("an indented update with two logs, a cut-off value and text between values still parse", () => {
    const two = { logs: [logUpdate("one\n").logs[0], logUpdate("two\n").logs[0]] };
    const lines = [
      ...JSON.stringify(start, null, 2).split("\n"),
      ...JSON.stringify(two, null, 2).split("\n"),
      ...JSON.stringify(logUpdate("lost\n"), null, 2).split("\n").slice(0, 5), // cut off
      ...JSON.stringify(logUpdate("three\n"), null, 2).split("\n"),
      "ERROR: failed to solve: exit code: 1",
    ];
    const t = parse(lines);
    expect(t.steps[0]?.logTail).toEqual(["one", "two", "three"]);
    expect(t.errors).toEqual(["failed to solve: exit code: 1"]);
    expect(t).toEqual(parse(reindent(lines)));
  });
});
