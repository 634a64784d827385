// Harness self-test: the snapshot normaliser must hide only what varies run to run.
import { describe, expect, it } from "vitest";
import { stableMarkdown } from "./stable-markdown.js";

describe("stableMarkdown", () => {
  it.each([
    { name: "seconds", input: "rebuilt in 12.3s, took 0.0s", want: "rebuilt in <time>, took <time>" },
    { name: "minutes", input: "| Cold | 1m 05s |", want: "| Cold | <time> |" },
    { name: "sizes", input: "123 MB, 1.23 kB, 5 B, 2.00 GB", want: "<size>, <size>, <size>, <size>" },
    { name: "digests", input: "sha256:0123456789abcdef0123", want: "sha256:<hex>" },
    {
      name: "versions in the footer only",
      input: "<sub>docker-cache-bench 0.1.0 · buildx 0.13.1, docker driver · engine 20.10.24+dfsg1</sub>",
      want: "<sub>docker-cache-bench <version> · buildx <version>, docker driver · engine <version></sub>",
    },
    {
      name: "timeline sections, whole",
      input:
        "a\n\n<details><summary>Timeline: cold build</summary>\n\n```mermaid\ngantt\n  x :done, 0, 12\n```\n\n</details>\n" +
        "\n<details><summary>Timeline: warm build after the touch</summary>\n\n```mermaid\ngantt\n```\n\n</details>\n\n<sub>",
      want: "a\n\n<sub>",
    },
    {
      name: "the context headline (shown when loading the context took long)",
      input: "a\n\n> 📦 Sending the build context took 3.1s of 4.0s.\n\nb",
      want: "a\n\nb",
    },
    {
      name: "BuildKit's step labels, stage name kept",
      input: "was <code>&#91;3/4&#93; COPY . .</code> and <code>&#91;builder  2/12&#93; RUN x</code>",
      want: "was <code>&#91;i/n&#93; COPY . .</code> and <code>&#91;builder i/n&#93; RUN x</code>",
    },
    {
      name: "the FROM row's label and timing, not its line or state",
      input: "| <code>&#91;1/4&#93; FROM docker.io/${BASE}</code> | 3 | cached † | 0.1s |",
      want: "| <code>&#91;i/n&#93; FROM docker.io/${BASE}</code> | 3 | cached † | <time> |",
    },
    {
      name: "a FROM row's stage name, which a concurrent build of the same base may have given it",
      input: "| <code>&#91;code 1/3&#93; FROM ${BASE}</code> | 3 | cached † | cached |",
      want: "| <code>&#91;i/n&#93; FROM ${BASE}</code> | 3 | cached † | cached |",
    },
    {
      name: "a step row's missing timings",
      input: "| <code>&#91;3/4&#93; COPY . .</code> | 6 | – | 🔁 rebuilt – |",
      want: "| <code>&#91;i/n&#93; COPY . .</code> | 6 | <time> | 🔁 rebuilt <time> |",
    },
  ])("replaces $name", ({ input, want }) => {
    expect(stableMarkdown(input)).toBe(want);
  });

  it.each([
    { name: "line numbers", input: "⚠️ **Line 7** · on line 6 (line 12)." },
    { name: "step counts", input: "2 of 4 steps rebuilt; | Steps rebuilt after touch | 2 of 4 (x) |" },
    {
      name: "a step row's line, status and cache result",
      input: "| <code>RUN a</code> | 7 | cached | ✅ cached |",
    },
    { name: "a step row without a line", input: "| <code>RUN a</code> | – | error | not run |" },
    { name: "cache hit ratio", input: "| Cache hit ratio | 50% |" },
    { name: "line ranges", input: "# lines 4–6 first" },
    { name: "a mermaid block outside a timeline section", input: "```mermaid\ngantt\n```" },
    { name: "numbers that are no timing", input: "fails with 404s after 3 steps" },
    { name: "versions outside the footer", input: "FROM python:3.12-slim, RUN pip install x==1.2.3" },
  ])("keeps $name", ({ input }) => {
    expect(stableMarkdown(input)).toBe(input);
  });
});
