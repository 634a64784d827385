import { describe, expect, it } from "vitest";
import { renderTerminal } from "../../src/report/terminal.js";
import { makeReport, step } from "../support/report.js";

describe("renderTerminal", () => {
  it("a repeated warm build says it is the median of N, with the spread", () => {
    const report = makeReport({
      cold: [step("RUN make", "done", 4, 3)],
      warm: [step("RUN make", "done", 3.1, 3)],
    });
    report.warmRepeats = [3.4, 2.9, 3.1];
    expect(renderTerminal(report)).toMatch(
      /Warm build\s+\d+\.\ds, median of 3 \(2\.9s–3\.4s\) {2}after touching/,
    );
  });

  it("a single warm build: no median wording", () => {
    const report = makeReport({
      cold: [step("RUN make", "done", 4, 3)],
      warm: [step("RUN make", "done", 3.1, 3)],
    });
    expect(renderTerminal(report)).not.toContain("median");
  });
});
