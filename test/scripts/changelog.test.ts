import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changelogSection } from "../../scripts/changelog.js";

const SAMPLE = [
  "# Changelog",
  "",
  "## [Unreleased]",
  "",
  "- next thing",
  "",
  "## [0.2.0] - 2027-01-15",
  "",
  "### Changed",
  "",
  "- `touch` takes globs",
  "",
  "## [0.1.0] - 2026-12-01",
  "",
  "First release.",
  "",
  "[Unreleased]: https://example.com/compare/v0.2.0...HEAD",
  "[0.2.0]: https://example.com/releases/tag/v0.2.0",
].join("\n");

describe("changelogSection", () => {
  it.each([
    {
      name: "a middle section, up to the next heading",
      version: "0.2.0",
      notes: "### Changed\n\n- `touch` takes globs\n",
    },
    { name: "the last section, up to the link definitions", version: "0.1.0", notes: "First release.\n" },
  ])("$name", ({ version, notes }) => {
    expect(changelogSection(SAMPLE, version)).toBe(notes);
  });

  it.each([
    {
      name: "a version with no section",
      text: SAMPLE,
      version: "0.3.0",
      error: /no "## \[0.3.0\] - YYYY-MM-DD" section/,
    },
    {
      name: "a prefix of a version is not that version",
      text: SAMPLE,
      version: "0.2",
      error: /no "## \[0.2\]/,
    },
    {
      name: "an undated heading",
      text: "## [0.3.0]\n\n- x\n",
      version: "0.3.0",
      error: /needs a release date/,
    },
    {
      name: "an empty section",
      text: "## [0.3.0] - 2027-02-01\n\n## [0.2.0] - 2027-01-15\n",
      version: "0.3.0",
      error: /section is empty/,
    },
  ])("refuses $name", ({ text, version, error }) => {
    expect(() => changelogSection(text, version)).toThrow(error);
  });

  it("finds the current version's notes in this repository's CHANGELOG.md", () => {
    const root = join(import.meta.dirname, "../..");
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(changelogSection(readFileSync(join(root, "CHANGELOG.md"), "utf8"), version)).toMatch(/\S/);
  });
});
