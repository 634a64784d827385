import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import {
  expandReportPattern,
  globToRegExp,
  readReportFiles,
  readReportSet,
  readReportSetFile,
  ReportFileError,
} from "../../src/baseline/report-files.js";
import { entryOf, makeReportSet } from "../../src/report/report-set.js";
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

// The one reader of report files (CLI merge/--bake --baseline/history, the Action's report: and
// baseline:): every bad file is a ReportFileError (a UsageError) naming the file and never
// quoting a byte of it; a schemaVersion 1 report is read as a set of one.
describe("readReportSet: one reader, one error behaviour", () => {
  const SECRET = "hunter2-s3cr3t";
  const v1 = () => ({ ...makeReport({ warm: [step("COPY . .", "done", 0.1, 3)] }), benchmarkId: "api" });
  const v2 = () =>
    makeReportSet(
      [entryOf({ ...v1(), benchmarkId: "api" }, "api"), entryOf({ ...v1(), benchmarkId: "web" }, "web")],
      { version: "0.1.0", bake: { files: ["docker-bake.hcl"], targets: [] } },
    );

  async function fileWith(text: string | Buffer): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "dcb-read-set-"));
    const path = join(dir, "report.json");
    await writeFile(path, text);
    return path;
  }

  it.each([
    {
      name: "garbage bytes",
      text: Buffer.from([0x00, 0xff, 0x1b, 0x5b, ...Buffer.from(SECRET)]),
      says: /not valid JSON/,
    },
    {
      name: "a file that is not JSON (/etc/shadow)",
      text: `root:${SECRET}:20224:0:99999:7:::\n`,
      says: /not valid JSON/,
    },
    { name: "an empty file", text: "", says: /: empty$/ },
    { name: "a report cut short", text: JSON.stringify(v2()).slice(0, 400), says: /not valid JSON/ },
    {
      name: "JSON of another kind",
      text: JSON.stringify({ password: SECRET, schemaVersion: SECRET }),
      says: /not a docker-cache-bench report \(schemaVersion 1 or 2\)/,
    },
    {
      name: "a set whose entry has the wrong shape",
      text: JSON.stringify({ ...v2(), images: [{ id: "api", report: { cold: SECRET }, failed: null }] }),
      says: /not a docker-cache-bench report set \(schemaVersion 2\): images\.0\.report\./,
    },
    {
      name: "a report of a later schema",
      text: JSON.stringify({ ...v2(), schemaVersion: 3, note: SECRET }),
      says: /not a docker-cache-bench report \(schemaVersion 1 or 2\): schemaVersion: /,
    },
    {
      name: "a set with two images of one id",
      text: JSON.stringify({ ...v2(), images: [v2().images[0], v2().images[0]] }),
      says: /two images have the id "api"/,
    },
  ])("$name: a ReportFileError naming the file, nothing of its content", async ({ text, says }) => {
    const path = await fileWith(text);
    const error = await readReportSet([path]).then(
      () => new Error("read as a report"),
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(ReportFileError);
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(says);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain("root:");
    // The Action's form: the same error with its input's name first.
    await expect(readReportSet([path], { input: "baseline" })).rejects.toThrow(
      new RegExp(`^baseline: .*${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
    );
  });

  it("a missing or unreadable file is named with the reason", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dcb-read-set-"));
    await expect(readReportSet([join(dir, "none.json")])).rejects.toThrow(
      /no report file matches .*none\.json/,
    );
    await expect(readReportSetFile(join(dir, "none.json"))).rejects.toThrow(
      new ReportFileError(`cannot read report ${join(dir, "none.json")} (ENOENT)`),
    );
    await expect(readReportSetFile(dir)).rejects.toThrow(/cannot read report .* \(EISDIR\)/);
  });

  it("a schemaVersion 1 report (a single image, the format before sets) is a set of one", async () => {
    const path = await fileWith(JSON.stringify(v1()));
    const set = await readReportSet([path]);
    expect(set.schemaVersion).toBe(2);
    expect(set.images.map((e) => [e.id, e.report?.summary.warmSeconds])).toEqual([["api", 10]]);
    expect((await readReportSetFile(path)).schemaVersion).toBe(1);
  });

  it("a valid set reads as written, and several files merge in path order", async () => {
    const path = await fileWith(JSON.stringify(v2()));
    const set = await readReportSet([path]);
    expect(set.images.map((e) => e.id)).toEqual(["api", "web"]);
    expect(set.bake).toEqual({ files: ["docker-bake.hcl"], targets: [] });
    expect((await readReportSetFile(path)).schemaVersion).toBe(2);
    const other = await fileWith(JSON.stringify({ ...v1(), benchmarkId: "worker" }));
    const merged = await readReportSet([path, other]);
    expect(merged.images.map((e) => e.id)).toEqual(["api", "web", "worker"]);
    // The same image in two files would share a row and a baseline: refused, both files named.
    const twin = await fileWith(JSON.stringify(v1()));
    const error = await readReportSet([path, twin]).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(ReportFileError);
    expect((error as Error).message).toMatch(/two images have the id "api"/);
    expect((error as Error).message).toContain(`${path}, ${twin}`);
  });
});
