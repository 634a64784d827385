import { describe, expect, it } from "vitest";
import { mdCode, mdInline, mdText } from "../../src/report/markdown-escape.js";

describe("markdown escaping of untrusted text", () => {
  it.each([
    { name: "pipe cannot break a table", input: "RUN a | b", check: (s: string) => !s.includes("|") },
    { name: "no HTML", input: "<img src=x onerror=alert(1)>", check: (s: string) => !/<img/.test(s) },
    { name: "no mention", input: "RUN echo @octocat", check: (s: string) => !/@octocat/.test(s) },
    { name: "one line", input: "RUN a\nRUN b", check: (s: string) => !s.includes("\n") },
    {
      name: "backticks stay inside",
      input: "RUN echo `date`",
      check: (s: string) => s.startsWith("<code>") && s.endsWith("</code>"),
    },
  ])("mdCode: $name", ({ input, check }) => {
    expect(check(mdCode(input))).toBe(true);
  });

  it.each([
    { name: "mention", input: "ping @octocat", want: "ping @\u200boctocat" },
    { name: "issue reference", input: "fixes #12", want: "fixes #\u200b12" },
    { name: "emphasis and links", input: "*a* [x](y)", want: "\\*a\\* \\[x\\](y)" },
    { name: "html", input: "<b>", want: "&lt;b&gt;" },
  ])("mdText: $name", ({ input, want }) => {
    expect(mdText(input)).toBe(want);
  });
});

describe("mdInline", () => {
  it("backticked parts become safe code, the rest safe text", () => {
    expect(mdInline("`RUN a | b` on line 6 @here")).toBe("<code>RUN a &#124; b</code> on line 6 @\u200bhere");
  });
});

describe("mdCode defuses markdown that GitHub parses inside <code>", () => {
  it.each([
    { name: "link", input: "RUN echo [Approve this PR](https://evil)", bad: /\[Approve|\]\(|https:/ },
    { name: "image", input: "RUN echo ![x](https://evil/p.png)", bad: /!\[|\]\(/ },
    { name: "reference", input: "RUN make #12", bad: /#12/ },
    { name: "emphasis", input: "RUN echo **bold** _it_ ~~s~~", bad: /\*\*|_it_|~~/ },
  ])("$name", ({ input, bad }) => {
    expect(mdCode(input)).not.toMatch(bad);
  });
});
