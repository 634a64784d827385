import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandReportPattern, globToRegExp, readReportFiles } from "../../src/baseline/report-files.js";
import { makeReport, step } from "../support/report.js";

describe("globToRegExp", () => {
  it.each([
    ["*/report.json", "api/report.json", true],
    ["*/report.json", "a/b/report.json", false],
    ["**/report.json", "report.json", true],
    ["**/report.json", "a/b/report.json", true],
    ["report-?.json", "report-1.json", true],
    ["report-?.json", "report-12.json", false],
    ["reports/**", "reports/a/b.json", true],
    ["a.b/*.json", "aXb/x.json", false],
  ])("%s vs %s", (pattern, path, match) => {
    expect(globToRegExp(pattern).test(path)).toBe(match);
  });
});

describe("readReportFiles", () => {
  async function artifacts(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "dcb-reports-"));
    for (const id of ["web", "api"]) {
      await mkdir(join(dir, "reports", `report-${id}`), { recursive: true });
      const r = { ...makeReport({ warm: [step("COPY . .", "done", 0.1, 3)] }), benchmarkId: id };
      await writeFile(join(dir, "reports", `report-${id}`, "report.json"), JSON.stringify(r));
    }
    await writeFile(join(dir, "reports", "notes.txt"), "not a report");
    return dir;
  }

  it("a glob, a directory and a file name the same reports, sorted by path", async () => {
    const dir = await artifacts();
    for (const pattern of ["reports/*/report.json", "reports", join(dir, "reports/**/*.json")]) {
      const files = await readReportFiles([pattern], dir);
      expect(files.map((f) => f.set.images[0]?.id)).toEqual(["api", "web"]);
    }
    expect(await expandReportPattern("reports/report-web/report.json", dir)).toEqual([
      join(dir, "reports/report-web/report.json"),
    ]);
  });

  it("a pattern that matches nothing or a file that is no report is an error naming it", async () => {
    const dir = await artifacts();
    await expect(readReportFiles(["nothing/*.json"], dir)).rejects.toThrow(
      /no report file matches nothing\/\*\.json/,
    );
    await expect(readReportFiles(["reports/notes.txt"], dir)).rejects.toThrow(/notes.txt: /);
  });

  it("a file that is not JSON is named, never quoted (it may be /etc/shadow)", async () => {
    const dir = await artifacts();
    await writeFile(join(dir, "shadow"), "root:*:20224:0:99999:7:::\n");
    const error = await readReportFiles(["shadow"], dir).then(
      () => new Error("read as a report"),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/shadow: not valid JSON( \(syntax error at character \d+\))?$/);
    expect(error.message).not.toContain("root");
  });
});
