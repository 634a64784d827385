// The reorder rules' edits: applied to the Dockerfile, they give the file the fix text describes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/analysis/diagnose/index.js";
import { applyEdit } from "../../../src/dockerfile/edit.js";
import { scenario } from "./scenario.js";

const BAD_ORDER = readFileSync("examples/python-bad-order/Dockerfile", "utf8");
// The example's lines: 5 WORKDIR, 6 COPY . ., 7 RUN pip install.
const finding = (dockerfile: string, rebuilt: Record<number, number>, rule: string) =>
  diagnose(scenario({ dockerfile: `\n${dockerfile}`, rebuilt })).find((f) => f.rule === rule);

describe("Dockerfile edits of the reorder rules", () => {
  it("dependency order: examples/python-bad-order becomes the good order", () => {
    // scenario() drops the leading newline it is given; lines are the file's own.
    const f = finding(BAD_ORDER, { 6: 0.1, 7: 3.6 }, "dependency-install-after-context-copy");
    expect(f?.edit).toEqual({
      anchor: { line: 6, endLine: 6 },
      before: ["COPY requirements.txt ./", "RUN pip install --no-cache-dir -r requirements.txt"],
      after: [],
      remove: [{ line: 7, endLine: 7 }],
    });
    const fixed = applyEdit(BAD_ORDER, f!.edit!).text;
    expect(fixed.split("\n").slice(4, 9)).toEqual([
      "WORKDIR /app",
      "COPY requirements.txt ./",
      "RUN pip install --no-cache-dir -r requirements.txt",
      "COPY . .",
      "EXPOSE 8000",
    ]);
  });

  it("dependency order: what the fix puts after the copy (the project itself) is applied too", () => {
    const dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN poetry install\n";
    const f = finding(dockerfile, { 3: 0.1, 4: 20 }, "dependency-install-after-context-copy");
    expect(f?.edit?.before.at(-1)).toBe("RUN poetry install --no-root");
    expect(f?.edit?.after).toEqual(["RUN poetry install --only-root"]);
    expect(f?.edit?.remove).toEqual([{ line: 4, endLine: 4 }]);
  });

  it("dependency order: a WORKDIR the fix adds does not take the Dockerfile's own WORKDIR away", () => {
    const dockerfile =
      "FROM golang:1.22\nCOPY . /src\nWORKDIR /src\nRUN go mod download\nRUN go build ./...\n";
    const f = finding(dockerfile, { 2: 0.1, 4: 12, 5: 3 }, "dependency-install-after-context-copy");
    expect(f?.edit?.remove).toEqual([{ line: 4, endLine: 4 }]);
    expect(applyEdit(dockerfile, f!.edit!).text).toBe(
      [
        "FROM golang:1.22",
        "WORKDIR /src",
        "COPY go.mod go.sum ./",
        "RUN go mod download",
        "COPY . /src",
        "WORKDIR /src",
        "RUN go build ./...",
        "",
      ].join("\n"),
    );
  });

  it("touch-invalidated: the rebuilt steps move above the copy, each once", () => {
    const dockerfile = [
      "FROM python:3.12-slim",
      "WORKDIR /app",
      "COPY . .",
      "RUN curl -fsSL https://example.com/model.bin \\",
      "    -o /models/model.bin",
      "RUN python -m compileall app",
      "",
    ].join("\n");
    const f = finding(dockerfile, { 3: 0.1, 4: 5.2, 6: 1 }, "touch-invalidated");
    expect(f?.edit?.remove).toEqual([{ line: 4, endLine: 5 }]);
    expect(applyEdit(dockerfile, f!.edit!).text).toBe(
      [
        "FROM python:3.12-slim",
        "WORKDIR /app",
        "RUN curl -fsSL https://example.com/model.bin     -o /models/model.bin",
        "COPY . .",
        "RUN python -m compileall app",
        "",
      ].join("\n"),
    );
  });

  it("rules whose fix is not a reorder carry no edit", () => {
    const dockerfile = "FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\n";
    const findings = diagnose(scenario({ dockerfile: `\n${dockerfile}`, rebuilt: {} }));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.edit === undefined)).toBe(true);
  });
});
