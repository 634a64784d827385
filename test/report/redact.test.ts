import { describe, expect, it } from "vitest";
import { createRedactor } from "../../src/report/redact.js";

describe("createRedactor", () => {
  const redact = createRedactor({
    BASE: "registry.example.com/base:1.2",
    TOKEN: "s3cr3t",
    DEBUG: "1",
    PREFIX: "s3cr",
  });

  it.each([
    {
      name: "expanded FROM in a step name",
      input: "[1/4] FROM registry.example.com/base:1.2",
      want: "[1/4] FROM ${BASE}",
    },
    {
      name: "history RUN line with the value",
      input: "RUN |1 TOKEN=s3cr3t /bin/sh -c make",
      want: "RUN |1 TOKEN=${TOKEN} /bin/sh -c make",
    },
    { name: "longest value first", input: "x s3cr3t y", want: "x ${TOKEN} y" },
    { name: "short values are left alone", input: "exit code: 1", want: "exit code: 1" },
    { name: "every occurrence", input: "s3cr3t s3cr3t", want: "${TOKEN} ${TOKEN}" },
  ])("$name", ({ input, want }) => {
    expect(redact(input)).toBe(want);
  });
});
