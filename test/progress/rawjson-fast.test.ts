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

  // What the fast path reads must be exactly the JSON value: a line that only looks like the shape
  // (an escape, a raw control character, a quote) gives what the general path gives.
  const other = `sha256:${"cd".repeat(32)}`;
  const startOther = {
    vertexes: [{ digest: other, name: "[3/3] RUN other", started: "2026-11-28T01:21:31Z" }],
  };
  const between = (data: string) => (text: string) => text.replace('"@@"', `"${data}"`);
  const tricky: [string, string][] = [
    ["an escaped slash (valid JSON)", "Pz8\\/"],
    ["a space, which atob skips (valid JSON)", "YWJj ZGVm"],
    ["a raw tab (not JSON)", "YWJj\tZGVm"],
    ["a raw form feed (not JSON)", "YWJj\fZGVm"],
    ["a raw ESC (not JSON)", "YWJj\x1bZGVm"],
    ["a quote (not JSON)", 'YWJj"ZGVm'],
    ["text atob rejects (valid JSON)", "!!notbase64"],
  ];
  const placeholder = {
    logs: [{ vertex: DIGEST, stream: 1, data: "@@", timestamp: "2026-11-28T01:21:30.69Z" }],
  };

  it.each([
    ["one object per line", (data: string) => [between(data)(JSON.stringify(placeholder))]],
    ["indented", (data: string) => JSON.stringify(placeholder, null, 2).split("\n").map(between(data))],
  ])("%s: lines that only look like an output chunk give the general result", (_layout, layout) => {
    for (const [what, data] of tricky) {
      const lines = [
        JSON.stringify(start),
        JSON.stringify(startOther),
        ...layout(data),
        ...layout("Y2hlY2sK"),
        JSON.stringify(logUpdate("last\n")).replace(DIGEST, other),
      ];
      expect(parse(lines), what).toEqual(parse(reindent(lines)));
    }
  });

  it("a CI log (a timestamp before every line, ANSI around the braces) reads as the bare log", () => {
    const lines = readFileSync(join(DIR, "buildx-rawjson-fail.log"), "utf8").split("\n");
    const ci = lines.map((l) => `2026-11-28T01:21:30.1234567Z ${l === "{" ? "\x1b[0m{\x1b[0m" : l}`);
    expect(parse(ci)).toEqual(parse(lines));
  });

  /** A deterministic pseudo-random generator, so a failure names a reproducible seed. */
  function rng(seed: number): () => number {
    let x = seed;
    return () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
  }

  // Output is decoded late and only where it can still show (steps.ts, addRawChunk): random output
  // of interleaved steps, long and short, lines ended or not, some updates not JSON, must give what
  // the general path gives decoding every chunk at once.
  it.each([
    ["one object per line", (o: object) => [JSON.stringify(o)]],
    ["indented", (o: object) => JSON.stringify(o, null, 2).split("\n")],
  ])("%s: random output of interleaved steps gives the general result", (_layout, layout) => {
    const pieces = ["line", "\n", "\r\n", "é ✓", "x".repeat(900), "\n\n\n", " ", "progress 50%\r"];
    for (let seed = 1; seed <= 40; seed++) {
      const next = rng(seed);
      const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)] as T;
      const lines = [...layout(start), ...layout(startOther)];
      for (let i = 0, n = Math.floor(next() * 400); i < n; i++) {
        let text = "";
        for (let k = 0, m = 1 + Math.floor(next() * 4); k < m; k++) text += pick(pieces);
        const vertex = next() < 0.85 ? DIGEST : other;
        const update = layout({
          logs: [{ vertex, stream: 1, data: b64(text), timestamp: "2026-11-28T01:21:30Z" }],
        });
        // A raw tab in the base64 makes the update invalid JSON, which both paths must skip.
        lines.push(
          ...(next() < 0.03 ? update.map((l) => l.replace(/("data": ?"[A-Za-z0-9+/]{4})/, "$1\t")) : update),
        );
      }
      expect(parse(lines), `seed ${seed}`).toEqual(parse(reindent(lines)));
    }
  });
});
