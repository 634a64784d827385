// Workflow hygiene that actionlint does not check: third-party actions pinned to a full commit
// SHA with the version in a comment (Dependabot keeps both), and a Dependabot entry for each
// ecosystem the repository uses.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";

const GITHUB = join(import.meta.dirname, "../../.github");
const workflows = readdirSync(join(GITHUB, "workflows")).filter((f) => /\.ya?ml$/.test(f));

describe("workflows", () => {
  it.each(workflows)("%s pins every action to a commit, with its version", (file) => {
    const text = readFileSync(join(GITHUB, "workflows", file), "utf8");
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map((m) => ({
      ref: m[1]!,
      rest: m[2]!,
    }));
    expect(uses.length).toBeGreaterThan(0);
    for (const { ref, rest } of uses) {
      if (ref.startsWith("./")) continue;
      expect(ref, `${file}: ${ref}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest, `${file}: ${ref} needs "# vX.Y.Z"`).toMatch(/^\s+# v\d+\.\d+\.\d+\s*$/);
    }
  });

  it("Dependabot watches npm and the actions", () => {
    const config = yaml.load(readFileSync(join(GITHUB, "dependabot.yml"), "utf8")) as {
      updates: { "package-ecosystem": string; directory: string }[];
    };
    expect(config.updates.map((u) => u["package-ecosystem"]).sort()).toEqual(["github-actions", "npm"]);
  });
});
