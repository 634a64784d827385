// What `parse` says about garbage, empty and truncated input: real captured logs, cut or replaced.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseVerdict } from "../../src/cli/parse-verdict.js";
import { createProgressParser, detectFormat } from "../../src/progress/index.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/progress");

function verdictOf(text: string) {
  const lines = text === "" ? [] : text.split("\n");
  const parser = createProgressParser();
  let progressLines = 0;
  for (const l of lines) {
    if (detectFormat(l) !== null) progressLines++;
    parser.line(l);
  }
  return parseVerdict(parser.result(), { lines: lines.length, progressLines });
}

const log = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const cut = (text: string, fraction: number) => text.slice(0, Math.floor(text.length * fraction));

describe("parseVerdict", () => {
  it.each([
    { name: "a complete plain log", text: log("buildx-plain-warm.log"), code: 0 },
    { name: "a complete rawjson log", text: log("buildx-rawjson-cold.log"), code: 0 },
    { name: "a failed build (it finished, with an error)", text: log("buildx-plain-fail.log"), code: 0 },
    { name: "a plain log cut in the middle", text: cut(log("buildx-plain-cold.log"), 0.5), code: 1 },
    {
      name: "a plain log cut between steps",
      text: log("docker20-plain-cold.log").split("\n\n").slice(0, 5).join("\n\n"),
      code: 1,
    },
    { name: "a rawjson log cut in the middle", text: cut(log("buildx-rawjson-cold.log"), 0.5), code: 1 },
    { name: "empty input", text: "", code: 2 },
    { name: "a password file", text: "root:*:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::", code: 2 },
    { name: "binary garbage", text: "\x00\x01\x02\xff\xfe", code: 2 },
  ])("$name → exit $code", ({ text, code }) => {
    const v = verdictOf(text);
    expect(v.code).toBe(code);
    expect(v.message === null).toBe(code === 0);
    // Says what it saw, never what was in it.
    if (v.message) expect(v.message).not.toContain("root:");
  });
});
