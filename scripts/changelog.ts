// Prints the CHANGELOG.md section of one version: the release workflow uses it as the GitHub
// release notes. Fails when the section is missing, undated or empty, so a release cannot go out
// without its notes. Usage: node --import tsx scripts/changelog.ts VERSION [CHANGELOG.md]
import { readFileSync } from "node:fs";

const HEADING = /^## \[?([^\]\s]+)\]?(?:\s+-\s+(\S+))?\s*$/;
/** `[0.1.0]: https://…` link definitions close the file (Keep a Changelog). */
const LINK_DEFINITION = /^\[[^\]]+\]:\s/;

export function changelogSection(text: string, version: string): string {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => HEADING.exec(l)?.[1] === version);
  if (start < 0) throw new Error(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section`);
  const date = HEADING.exec(lines[start]!)?.[2];
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new Error(
      `CHANGELOG.md: the ${version} heading needs a release date (## [${version}] - YYYY-MM-DD)`,
    );
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => l.startsWith("## ") || LINK_DEFINITION.test(l));
  const body = (end < 0 ? rest : rest.slice(0, end)).join("\n").trim();
  if (!body) throw new Error(`CHANGELOG.md: the ${version} section is empty`);
  return body + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [version, path = "CHANGELOG.md"] = process.argv.slice(2);
  if (!version) {
    console.error("usage: changelog.ts VERSION [CHANGELOG.md]");
    process.exit(2);
  }
  try {
    process.stdout.write(changelogSection(readFileSync(path, "utf8"), version.replace(/^v/, "")));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
