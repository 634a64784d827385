// The docs show the tool's real output: the README's quick start and comment,
// docs/example-comment.md and docs/example-multi-comment.md. Each such block stands between
// `<!-- real-output:NAME -->` and `<!-- /real-output:NAME -->`, and the engine test that runs the
// same flow checks it against what it got this time, timings, sizes and ids aside: when what the
// tool prints changes (a step name, a row, a wording), the test fails until the docs are
// regenerated, from real runs, with
//   DCB_WRITE_DOC_EXAMPLES=1 npx vitest run --project engine test/engine/cli.test.ts \
//     test/engine/action.test.ts test/engine/bake.test.ts \
//     -t 'quick start|push to the default branch|moves COPY|three targets'
// (the push saves the baseline the pull request compares with).
// Checked and written on Docker 20.10 only, the engine the docs name: the other engines differ in
// what the docs do not claim (store, layers, BuildKit's cached FROM).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { currentEngine } from "../support/engine.js";
import { stableMarkdown } from "../support/stable-markdown.js";
import { REPO } from "./helpers.js";

const WRITE = !!process.env.DCB_WRITE_DOC_EXAMPLES;
const REGENERATE = "DCB_WRITE_DOC_EXAMPLES=1 (test/engine/doc-examples.ts) and commit the docs";

function docFiles(): string[] {
  const docs = readdirSync(join(REPO, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
  return ["README.md", ...docs];
}

const sectionPattern = (name: string) =>
  new RegExp(`(<!-- real-output:${name} -->\\n)([\\s\\S]*?)(<!-- /real-output:${name} -->)`, "g");

/**
 * Checks every doc block named `name` against `fresh` (the block's whole text, as the tool printed
 * it) after `normalize`; with DCB_WRITE_DOC_EXAMPLES set, writes `fresh` into them instead.
 */
export function checkDocExample(name: string, fresh: string, normalize: (text: string) => string): void {
  const body = fresh.endsWith("\n") ? fresh : `${fresh}\n`;
  const blocks: { file: string; text: string }[] = [];
  for (const file of docFiles()) {
    const doc = readFileSync(join(REPO, file), "utf8");
    const found = [...doc.matchAll(sectionPattern(name))].map((m) => ({ file, text: m[2] ?? "" }));
    blocks.push(...found);
    if (WRITE && found.length > 0)
      writeFileSync(
        join(REPO, file),
        doc.replace(sectionPattern(name), (_, open: string, _old, close: string) => open + body + close),
      );
  }
  expect(blocks.length, `no doc holds <!-- real-output:${name} -->`).toBeGreaterThan(0);
  if (currentEngine().serverMajor !== 20 || WRITE) return;
  for (const { file, text } of blocks)
    expect(normalize(text), `${file} (${name}) is stale: regenerate with ${REGENERATE}`).toBe(
      normalize(body),
    );
}

/**
 * A PR comment as the docs show it, with what varies from run to run replaced (stableMarkdown),
 * and: commit ids, timing changes whole (sign, relative change, within the noise floor or not),
 * an image's verdict when it rests on timings only (whether one crossed the noise floor of 2 s and
 * 10 % is up to the machine's load), and the timelines but for their titles (the steps they draw
 * are the steps table's).
 */
export function stableComment(markdown: string): string {
  return (
    stableMarkdown(
      markdown
        .replace(/(`|<code>)[0-9a-f]{7,40}(`|<\/code>)/g, "$1<sha>$2")
        // A step BuildKit shared with another build running at that moment has no times, so no bar.
        .replace(/```mermaid\n[\s\S]*?```/g, (block) => /^ {2}title .*$/m.exec(block)?.[0] ?? "<timeline>"),
    )
      .replace(/[+−±]<time>(?: \((?:×[\d.]+|[+−]\d+(?:\.\d+)?%)\))?(?: ~)?/g, "<delta>")
      // Two timings equal to the tenth of a second show no change: "±0" where a time would go.
      .replace(/<time> \(±0\)/g, "<time> (<delta>)")
      .replace(/^(\| (?:Cold|Warm) build[^|]*\| <time> \| <time> \| )±0 \|/gm, "$1<delta> |")
      .replace(/: (?:no change beyond noise|\d+ numbers? moved)<\/summary>/g, ": <timing verdict></summary>")
      .replace(
        /^(?:✅ No change beyond noise against the base: .*|ℹ️ .* against the base; no step lost its cache\.)$/gm,
        "<timing verdict>",
      )
      // A step the bake file's targets share is one vertex, named by the target that reached it
      // first (`[base i/n] WORKDIR /app` in one run, `[i/n] WORKDIR /app` in the next, docker20).
      .replace(/&#91;[^&\s]+ i\/n&#93;/g, "&#91;i/n&#93;")
  );
}

/** The CLI's terminal output with timings, sizes, ids and versions replaced, columns unpadded. */
export function stableTerminal(text: string): string {
  return (
    text
      .replace(/[0-9a-f]{12,}/g, "<hex>")
      .replace(/\b(buildx|engine|Docker|docker-cache-bench) \d[\w.+~-]*/g, "$1 <version>")
      .replace(/\b\d+m \d{2}s\b/g, "<time>")
      .replace(/\b\d+\.\ds\b/g, "<time>")
      .replace(/\b\d+(?:\.\d+)? (?:B|kB|MB|GB|TB)\b/g, "<size>")
      // Without the stage: see stableComment.
      .replace(/\[(?:[\w.-]+ )?\d+\/\d+\]/g, "[i/n]")
      .replace(/ {2,}/g, "  ")
      .replace(/ +$/gm, "")
      // A step BuildKit gave no times (one it shared with another build at that moment) shows "–".
      .replace(/( {2}|rebuilt )–(?= {2}|$)/gm, "$1<time>")
  );
}
