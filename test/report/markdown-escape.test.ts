import { describe, expect, it } from "vitest";
import { mdCode, mdInline, mdText } from "../../src/report/markdown-escape.js";

describe("markdown escaping of untrusted text", () => {
  it.each([
    { name: "pipe cannot break a table", input: "RUN a | b", check: (s: string) => !s.includes("|") },
    { name: "no HTML", input: "<img src=x onerror=alert(1)>", check: (s: string) => !/<img/.test(s) },
    { name: "no mention", input: "RUN echo @octocat", check: (s: string) => !/@octocat/.test(s) },
    { name: "one line", input: "RUN a\nRUN b", check: (s: string) => !s.includes("\n") },
  ])("mdCode: $name", ({ input, check }) => {
    expect(check(mdCode(input))).toBe(true);
  });

  // A backtick left inside <code> opens a code span that GitHub closes at the next backtick,
  // wherever it is: past `</code>`, swallowing the rest of the cell or the comment.
  it.each([
    {
      name: "backticks become entities",
      input: "RUN echo `date`",
      want: "<code>RUN echo &#96;date&#96;</code>",
    },
    { name: "a pipe becomes an entity", input: "RUN a | b", want: "<code>RUN a &#124; b</code>" },
    {
      name: "every markdown character, once",
      input: "|@[]()!*_~`#\\:",
      want: "<code>&#124;&#64;&#91;&#93;&#40;&#41;&#33;&#42;&#95;&#126;&#96;&#35;&#92;&#58;</code>",
    },
    {
      name: "HTML first, then markdown",
      input: '<a href="x">&',
      want: "<code>&lt;a href=&quot;x&quot;&gt;&amp;</code>",
    },
    { name: "CRLF and LF become spaces", input: "a\r\nb\nc", want: "<code>a b c</code>" },
  ])("mdCode: $name", ({ input, want }) => {
    expect(mdCode(input)).toBe(want);
  });

  it.each([
    { name: "mention", input: "ping @octocat", want: "ping @\u200boctocat" },
    { name: "issue reference", input: "fixes #12", want: "fixes #\u200b12" },
    { name: "emphasis and links", input: "*a* [x](y)", want: "\\*a\\* \\[x\\](y)" },
    { name: "html", input: "<b>", want: "&lt;b&gt;" },
    { name: "a pipe cannot end a table cell", input: "RUN a | b", want: "RUN a \\| b" },
    { name: "backticks cannot open a code span", input: "RUN echo `date`", want: "RUN echo \\`date\\`" },
    { name: "braces, tilde, bang, backslash", input: "{x} ~y !z \\", want: "\\{x\\} \\~y \\!z \\\\" },
    { name: "one line", input: "a\r\nb\nc", want: "a b c" },
    { name: "a # not before a digit is left alone", input: "#x a#1 #1", want: "#x a#1 #\u200b1" },
  ])("mdText: $name", ({ input, want }) => {
    expect(mdText(input)).toBe(want);
  });
});

describe("mdInline", () => {
  it.each([
    {
      name: "backticked parts become safe code, the rest safe text",
      input: "`RUN a | b` on line 6 @here",
      want: "<code>RUN a &#124; b</code> on line 6 @\u200bhere",
    },
    { name: "two code parts", input: "`a` then `b`", want: "<code>a</code> then <code>b</code>" },
    { name: "an unpaired backtick is text", input: "it`s x", want: "it\\`s x" },
    { name: "an empty pair is text", input: "`` x", want: "\\`\\` x" },
    { name: "a pair across lines is text", input: "`a\nb` c", want: "\\`a b\\` c" },
  ])("$name", ({ input, want }) => {
    expect(mdInline(input)).toBe(want);
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
