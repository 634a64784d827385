// The hidden marker that finds a benchmark's sticky comment again. Its own module, free of the
// GitHub client: the CLI's \`merge\` needs the marker, and importing comments.ts for it made every
// CLI start load octokit and undici (a third of the bundle, ~0.3 s of a loaded runner's start).

export const COMMENT_MARKER_PREFIX = "<!-- docker-cache-bench:";

const MAX_ID_LENGTH = 200;

/**
 * `<!-- docker-cache-bench:<id> -->`. The id is reduced to characters that cannot end the HTML
 * comment early ("-->", "--!>") or break the line, so a hostile or odd benchmark id stays hidden.
 * The full marker, closing " -->" included, is what is matched, so id "api" never matches "api-2".
 */
export function commentMarker(benchmarkId: string): string {
  const id =
    benchmarkId
      .replace(/[^A-Za-z0-9._:/@+=-]+/g, "-")
      .replace(/-{2,}/g, "-")
      .slice(0, MAX_ID_LENGTH)
      .replace(/^-+|-+$/g, "") || "default";
  return `${COMMENT_MARKER_PREFIX}${id} -->`;
}
