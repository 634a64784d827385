// The normalizers of the docs' real-output check (test/engine/doc-examples.ts): what a fresh run
// changes by chance must not fail it, what the tool prints differently must.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stableComment, stableTerminal } from "../engine/doc-examples.js";
import { REPO } from "../engine/helpers.js";

function block(file: string, name: string): string {
  const doc = readFileSync(join(REPO, file), "utf8");
  const m = new RegExp(`<!-- real-output:${name} -->\\n([\\s\\S]*?)<!-- /real-output:${name} -->`).exec(doc);
  if (!m?.[1]) throw new Error(`${file} has no ${name} block`);
  return m[1];
}

const comment = block("docs/example-comment.md", "comment");
const multi = block("docs/example-multi-comment.md", "multi-comment");
const terminal = block("README.md", "quick-start");

describe("stableComment", () => {
  it.each([
    [
      "another commit id",
      (t: string) => t.replace(/<code>[0-9a-f]{7}<\/code> on main/, "<code>abc1234</code> on main"),
    ],
    [
      "other timings",
      (t: string) => t.replace(/\b(\d+)\.(\d)s\b/g, (_, a: string, b: string) => `${a}${b}.${b}s`),
    ],
    [
      "a timing change's sign, factor and noise mark",
      (t: string) => t.replace("−0.9s (−12%) ~", "+2.3s (+35%)"),
    ],
    [
      "a timeline without the steps BuildKit gave no times",
      (t: string) => t.replace(/^ {2}COPY \. \. L6 .*\n/gm, ""),
    ],
  ])("the same comment with %s", (_, change) => {
    const changed = change(comment);
    expect(changed).not.toBe(comment);
    expect(stableComment(changed)).toBe(stableComment(comment));
  });

  it("an image's verdict that rests on timings only", () => {
    const changed = multi.replace(
      "<code>web</code>: no change beyond noise</summary>",
      "<code>web</code>: 1 number moved</summary>",
    );
    expect(changed).not.toBe(multi);
    expect(stableComment(changed)).toBe(stableComment(multi));
  });

  it.each([
    ["a step name", (t: string) => t.replace("FROM ${BASE}</code>", "FROM docker.io/${BASE}</code>")],
    ["a column", (t: string) => t.replace("| Layer | From | Size |", "| Layer | Size |")],
    ["a row", (t: string) => t.replace(/^\| Steps rebuilt after the change .*\n/m, "")],
    ["a gate's outcome", (t: string) => t.replace("| 1 step | ❌ |", "| 1 step | ✅ |")],
  ])("a comment with another %s differs", (_, change) => {
    const changed = change(comment);
    expect(changed).not.toBe(comment);
    expect(stableComment(changed)).not.toBe(stableComment(comment));
  });
});

describe("stableTerminal", () => {
  it("timings, column widths, image tags and a step with no times do not count", () => {
    const changed = terminal
      .replace(/\[(\d+)\.(\d)s\]/g, "[1$1.$2s]")
      .replace(/removing docker-cache-bench:[0-9a-f]{12}/, "removing docker-cache-bench:0123456789ab")
      .replace(/^( {2}\[4\/4\] RUN pip install .* {2}7 {5})\d+\.\ds {6}/m, "$1–         ");
    expect(changed).not.toBe(terminal);
    expect(stableTerminal(changed)).toBe(stableTerminal(terminal));
  });

  it("a step name or a line the CLI no longer prints differs", () => {
    expect(stableTerminal(terminal.replace("FROM ${BASE}", "FROM docker.io/${BASE}"))).not.toBe(
      stableTerminal(terminal),
    );
    expect(stableTerminal(terminal.replace(/^ {2}Context .*\n/m, ""))).not.toBe(stableTerminal(terminal));
  });
});
