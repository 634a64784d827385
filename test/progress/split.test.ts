import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { createLineSplitter } from "../../src/progress/split.js";

async function viaReadline(chunks: string[]): Promise<string[]> {
  const lines: string[] = [];
  const rl = createInterface({ input: Readable.from(chunks), crlfDelay: Infinity });
  for await (const line of rl) lines.push(line);
  return lines;
}

function viaSplitter(chunks: string[]): string[] {
  const lines: string[] = [];
  const s = createLineSplitter((l) => lines.push(l));
  for (const c of chunks) s.push(c);
  s.end();
  return lines;
}

/** A deterministic pseudo-random generator, so a failure names a reproducible seed. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

describe("line splitter", () => {
  it.each([
    ["plain lines", ["a\nb\n", "c"]],
    ["CRLF split across chunks", ["a\r", "\nb\r\n"]],
    ["lone CRs", ["bar 10%\rbar 20%\r", "bar 30%\ndone\n"]],
    ["blank lines and a trailing CR", ["\n\n\r\r\n", "x\r"]],
    ["no newline at all", ["only"]],
    ["empty", []],
  ])("%s: the lines readline gives", async (_name, chunks) => {
    expect(viaSplitter(chunks)).toEqual(await viaReadline(chunks));
  });

  it("random text in random chunks: the lines readline gives", async () => {
    const alphabet = ["a", "b", "\n", "\r", "é", " ", "#"];
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed);
      let text = "";
      for (let i = 0, n = Math.floor(next() * 60); i < n; i++)
        text += alphabet[Math.floor(next() * alphabet.length)];
      const chunks: string[] = [];
      for (let i = 0; i < text.length;) {
        const len = 1 + Math.floor(next() * 8);
        chunks.push(text.slice(i, i + len));
        i += len;
      }
      expect(viaSplitter(chunks), `seed ${seed}: ${JSON.stringify(chunks)}`).toEqual(
        await viaReadline(chunks),
      );
    }
  });

  it("a line redrawn with CRs only is handed on piece by piece, not held whole", () => {
    const lines: string[] = [];
    const s = createLineSplitter((l) => lines.push(l));
    for (let i = 0; i < 1000; i++) s.push(`progress ${i}%\r`);
    expect(lines.length).toBe(999);
    s.end();
    expect(lines.at(-1)).toBe("progress 999%");
  });
});
