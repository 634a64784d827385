// Rendered reports from real builds, made comparable across runs for file snapshots: what varies
// from run to run or machine to machine is replaced; what the report claims about the build (line
// numbers, rebuilt and total step counts, the cache hit ratio, rule ids, the text) is kept, so the
// snapshot checks it.
//
// What varies: timings, sizes, digests, tool versions, the timelines; and, on a daemon shared with
// other builds (as here and in CI, where the build cache outlives the run), BuildKit's `[i/n]`
// labels: a step whose vertex the daemon already knows from another build is shown under the
// label it got first (src/dockerfile/steps.ts, (c)): `[2/5] WORKDIR /app` in a four-step build.
// The same goes for a FROM vertex's stage name: another build of the same base running at the same
// moment gives it its own (`[code 1/3] FROM ${BASE}` in a single-stage build, seen in the final CI
// on modern-containerd while examples/multi-stage built next to it), so a FROM row keeps no stage.
// A timeline is drawn only from steps with start and end times, which a step BuildKit shared with
// another build running at the same moment can lack (seen on the shared daemon: good-order's cold
// timeline there in one run, gone in the next), so each timeline section is left out whole.
// The FROM row's state is made store- and run-neutral on the report (storeNeutral in
// test/engine/diagnose.test.ts), not here.
export function stableMarkdown(markdown: string): string {
  return (
    markdown
      .replace(
        /\n<details><summary>Timeline: [^<]*<\/summary>\n\n```mermaid\n[\s\S]*?```\n\n<\/details>\n/g,
        "",
      )
      // Shown when `load build context` is a large part of a build: a matter of timing too.
      .replace(/^> 📦 .*\n\n/m, "")
      .replace(/[0-9a-f]{12,}/g, "<hex>")
      // The footer names the tool, buildx and engine versions.
      .replace(/^<sub>.*<\/sub>$/gm, (line) => line.replace(/\d[\w.+~-]*/g, "<version>"))
      // formatSeconds: `12.3s` or `1m 05s` (a "404s" in a message is no timing).
      .replace(/\b\d+m \d{2}s\b/g, "<time>")
      .replace(/\b\d+\.\ds\b/g, "<time>")
      .replace(/\b\d+(?:\.\d+)? (?:B|kB|MB|GB|TB)\b/g, "<size>")
      .replace(
        /&#91;([^&]*?)\s*\d+\/\d+&#93;/g,
        (_, stage: string) => `&#91;${stage ? `${stage} ` : ""}i/n&#93;`,
      )
      .replace(/&#91;[^&\s]+ i\/n&#93; FROM /g, "&#91;i/n&#93; FROM ")
      .replace(
        /^(\| <code>[^|]*<\/code> \| (?:\d+|–) \|)(.*)$/gm,
        (_, head: string, cells: string) => head + stepTimes(cells),
      )
  );
}

/** The Cold and Warm cells of a steps-table row: a rebuilt step with no timing shows "–". */
function stepTimes(cells: string): string {
  return cells.replace(/(^| |rebuilt )–( \||$)/g, "$1<time>$2");
}
