import { describe, expect, it } from "vitest";
import { joinSteps } from "../../src/analysis/steps.js";
import { step } from "../support/report.js";

describe("joinSteps", () => {
  it("a deduplicated step labelled with another stage in the warm build still joins its cold row", () => {
    const cold = [
      step("WORKDIR /build", "done", 0, 3, "code"),
      step("RUN pip install", "done", 3, 5, "deps"),
    ];
    const warm = [
      step("WORKDIR /build", "cached", null, 3, "deps"),
      step("RUN pip install", "cached", null, 5, "deps"),
    ];
    const rows = joinSteps(cold, warm);
    expect(rows.map((r) => [r.instruction, r.cold?.status, r.warm?.status])).toEqual([
      ["WORKDIR /build", "done", "cached"],
      ["RUN pip install", "done", "cached"],
    ]);
  });

  it("rows come in Dockerfile order, whatever order parallel stages ran in", () => {
    const cold = [step("RUN b", "done", 1, 9, "x"), step("RUN a", "done", 1, 4, "y")];
    expect(joinSteps(cold, cold).map((r) => r.line)).toEqual([4, 9]);
  });
});
