import { describe, expect, it } from "vitest";
import {
  capText,
  escapeWorkflowCommands,
  MAX_FILE_NAME,
  oneLine,
  safeFileName,
  stripControl,
  truncateUtf8,
} from "../../src/report/untrusted.js";

describe("stripControl", () => {
  it.each([
    { name: "CSI colour and cursor moves", input: "a\x1b[31mred\x1b[0m\x1b[2Kb", want: "aredb" },
    { name: "OSC 8 hyperlink ended by ST", input: "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", want: "link" },
    { name: "OSC title ended by BEL", input: "\x1b]0;pwned\x07ok", want: "ok" },
    { name: "bare CR becomes a line break", input: "a\rb\r\nc", want: "a\nb\nc" },
    { name: "C0, DEL and C1 controls", input: "a\x00\x08\x7f\x9bb", want: "ab" },
    { name: "bidi overrides", input: "a\u202eevil\u2066b", want: "aevilb" },
    { name: "tabs, newlines and text kept", input: "a\tb\nc é 日本", want: "a\tb\nc é 日本" },
  ])("$name", ({ input, want }) => {
    expect(stripControl(input)).toBe(want);
  });

  it("oneLine shows line breaks as \\n", () => {
    expect(oneLine("app/x\n::error::boom.py")).toBe("app/x\\n::error::boom.py");
  });
});

describe("escapeWorkflowCommands", () => {
  it.each([
    { name: "a command on its own line", input: "file\n::error title=x::boom" },
    { name: "a command after whitespace (the runner trims)", input: "  ::set-output name=a::b" },
    { name: "the legacy form", input: "x ##[error]boom" },
    { name: "stop-commands", input: "::stop-commands::abc" },
  ])("$name no longer reads as a command", ({ input }) => {
    const out = escapeWorkflowCommands(input);
    for (const line of out.split("\n")) {
      expect(line.trim().startsWith("::")).toBe(false);
      expect(line).not.toContain("##[");
    }
    expect(out.replace(/\u200b/g, "")).toBe(input);
  });

  it("leaves ordinary text alone", () => {
    expect(escapeWorkflowCommands("a::b and C:: D")).toBe("a::b and C:: D");
  });
});

describe("bounds", () => {
  it("capText cuts to the limit and says how much", () => {
    const out = capText("x".repeat(10_000), 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out).toMatch(/more characters cut\)$/);
  });

  it("capText never splits a surrogate pair", () => {
    const out = capText("😀".repeat(100), 51);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it.each([
    { name: "CJK", text: "日本語".repeat(1000), max: 1000 },
    { name: "emoji", text: "😀".repeat(1000), max: 1001 },
    { name: "ASCII", text: "a".repeat(1000), max: 999 },
  ])("truncateUtf8 keeps $name within the byte limit and whole", ({ text, max }) => {
    const out = truncateUtf8(text, max);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(max);
    expect(Buffer.byteLength(out)).toBeGreaterThan(max - 4);
    expect(out).not.toContain("\ufffd");
  });

  it.each([
    { name: "plain id", id: "web", want: "web" },
    { name: "dots only", id: "..", want: "default" },
    { name: "path separators", id: "../../etc", want: ".._.._etc" },
  ])("safeFileName: $name", ({ id, want }) => {
    expect(safeFileName(id)).toBe(want);
  });

  it("safeFileName: a long id is capped and hashed, distinct for distinct ids", () => {
    const a = safeFileName("x".repeat(5000) + "a");
    const b = safeFileName("x".repeat(5000) + "b");
    expect(a.length).toBeLessThanOrEqual(MAX_FILE_NAME);
    expect(a).not.toBe(b);
  });
});
