import { describe, expect, it } from "vitest";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeReportFile } from "../../src/cli/io.js";
import { createCliOutput } from "../../src/cli/output.js";
import { createProgressReporter } from "../../src/cli/progress.js";
import type { BuildTrace, TraceStep } from "../../src/progress/model.js";

const SECRET = "s3cr3t-value-that-is-long-enough-to-be-cut-by-the-status-line";

function streams(tty: boolean) {
  const written = { stdout: "", stderr: "" };
  return {
    written,
    stdout: { write: (t: string) => (written.stdout += t) },
    stderr: { write: (t: string) => (written.stderr += t), isTTY: tty },
  };
}

function step(name: string, status: TraceStep["status"]): TraceStep {
  return {
    key: name,
    name,
    stage: null,
    target: null,
    platform: null,
    index: null,
    instruction: name.replace(/^\[\d+\/\d+\] /, ""),
    status,
    seconds: null,
    started: null,
    completed: null,
    warnings: [],
    error: null,
    logTail: [],
    progressGroup: null,
  };
}

describe("createCliOutput", () => {
  it("redacts build-arg values and strips escapes on both streams", () => {
    const s = streams(false);
    const out = createCliOutput(s, { TOKEN: SECRET });
    out.out(`value ${SECRET}\x1b]8;;http://evil\x1b\\ here\n`);
    out.err(`error with ${SECRET}\x1b[2J\n`);
    expect(s.written.stdout).toBe("value ${TOKEN} here\n");
    expect(s.written.stderr).toBe("error with ${TOKEN}\n");
  });

  it("a status line on a terminal is one line, redacted", () => {
    const s = streams(true);
    createCliOutput(s, { TOKEN: SECRET }).status(`running ${SECRET}\nsecond line`);
    expect(s.written.stderr).toBe("\r\x1b[2Krunning ${TOKEN}\\nsecond line");
  });

  it("-q drops the notes (`wrote FILE`) but never an error or a warning", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dcb-output-"));
    for (const quiet of [false, true]) {
      const s = streams(false);
      const out = createCliOutput(s, { TOKEN: SECRET }, { quiet });
      await writeReportFile(join(dir, "report.json"), "{}\n", out);
      out.err("docker-cache-bench: warning: app/main.py was not restored\n");
      expect(await readFile(join(dir, "report.json"), "utf8")).toBe("{}\n");
      expect(s.written.stderr).toBe(
        `${quiet ? "" : `wrote ${join(dir, "report.json")}\n`}docker-cache-bench: warning: app/main.py was not restored\n`,
      );
    }
  });
});

describe("createProgressReporter", () => {
  const trace: BuildTrace = {
    format: "plain",
    steps: [step("[2/3] COPY . .", "done"), step(`[3/3] RUN echo "t=${SECRET}"`, "running")],
    imageId: null,
    contextBytes: null,
    warnings: [],
    errors: [],
  };

  it.each([
    { name: "without a terminal (a log line per interval)", tty: false },
    { name: "on a terminal (the rewritten status line)", tty: true },
  ])("$name: the running step's name is redacted before it is cut", async ({ tty }) => {
    const s = streams(tty);
    const reporter = createProgressReporter(createCliOutput(s, { TOKEN: SECRET }), false, false, false, 5);
    reporter.onPhase?.("cold", "cold build");
    reporter.onBuildStart?.("cold", () => trace);
    await new Promise((r) => setTimeout(r, 40));
    reporter.stop();
    expect(s.written.stderr).toContain('running [3/3] RUN echo "t=${TOKEN}"');
    // No prefix of the secret either: a cut value would no longer match the redactor.
    expect(s.written.stderr).not.toContain(SECRET.slice(0, 6));
  });
});

describe("--verbose build log", () => {
  it("goes through the output sink: redacted, escapes stripped", () => {
    const s = streams(false);
    const reporter = createProgressReporter(createCliOutput(s, { TOKEN: SECRET }), false, false, true);
    reporter.onBuildLine?.(
      "cold",
      `#3 0.5 t=${SECRET} \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \x1b[2J`,
    );
    reporter.stop();
    expect(s.written.stderr).toBe("  #3 0.5 t=${TOKEN} link \n");
  });

  it("is off without --verbose", () => {
    const reporter = createProgressReporter(createCliOutput(streams(false)), false, false, false);
    expect(reporter.onBuildLine).toBeUndefined();
  });
});
