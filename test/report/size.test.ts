import { describe, expect, it } from "vitest";
import { markSources, parseHistory } from "../../src/docker/inspect.js";
import { imageSize, sizeRounding } from "../../src/report/size.js";
import { makeReport } from "../support/report.js";

const row = (createdBy: string, size: number) => JSON.stringify({ CreatedBy: createdBy, Size: size });
// docker history prints newest first.
const BASE = [row('CMD ["sh"]', 0), row("COPY busybox /bin/busybox # buildkit", 1982256)].join("\n");
const IMAGE = [row("COPY . . # buildkit", 123457), row("WORKDIR /app", 0), BASE].join("\n");

describe("imageSize", () => {
  it.each([
    {
      name: "a report with sizes: each kind as measured",
      sizes: { uncompressed: 3_256_320, uncompressedRounding: "4KiB-blocks" as const, compressed: 1_218_038 },
      kind: "uncompressed" as const,
      sizeKind: "uncompressed" as const,
      expected: 3_256_320,
    },
    {
      name: "a report with sizes from the classic store: no compressed size",
      sizes: { uncompressed: 3_108_227, uncompressedRounding: "exact" as const, compressed: null },
      kind: "compressed" as const,
      sizeKind: "uncompressed" as const,
      expected: null,
    },
    {
      name: "an older containerd-store report: its sizeBytes is the compressed size",
      sizes: undefined,
      kind: "compressed" as const,
      sizeKind: "compressed" as const,
      expected: 40_000_000,
    },
    {
      name: "an older containerd-store report: uncompressed is the sum of its layers",
      sizes: undefined,
      kind: "uncompressed" as const,
      sizeKind: "compressed" as const,
      expected: 2_105_713,
    },
  ])("$name", ({ sizes, kind, sizeKind, expected }) => {
    const r = makeReport({ warm: [], sizeBytes: 40_000_000 });
    r.image.sizeKind = sizeKind;
    r.image.sizes = sizes;
    r.image.layers = parseHistory(IMAGE);
    expect(imageSize(r, kind)).toBe(expected);
  });

  it("infers the rounding of older reports from their store", () => {
    const r = makeReport({ warm: [] });
    expect(sizeRounding(r)).toBe("exact");
    r.image.sizeKind = "compressed";
    expect(sizeRounding(r)).toBe("4KiB-blocks");
  });
});

describe("markSources", () => {
  it("marks the base image's history as base and the rest as the Dockerfile's", () => {
    const layers = markSources(parseHistory(IMAGE), parseHistory(BASE));
    expect(layers.map((l) => [l.instruction, l.source])).toEqual([
      ["COPY busybox /bin/busybox", "base"],
      ['CMD ["sh"]', "base"],
      ["WORKDIR /app", "dockerfile"],
      ["COPY . .", "dockerfile"],
    ]);
  });

  it.each([
    { name: "base history unknown", base: null },
    { name: "a base whose history is not the image's prefix", base: parseHistory(row("RUN other", 5)) },
  ])("$name: every source unknown", ({ base }) => {
    expect(markSources(parseHistory(IMAGE), base).every((l) => l.source === null)).toBe(true);
  });

  it("FROM scratch: every layer is the Dockerfile's", () => {
    expect(markSources(parseHistory(IMAGE), []).every((l) => l.source === "dockerfile")).toBe(true);
  });
});
