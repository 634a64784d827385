// Pure: which image size a report holds, by kind. Sizes of different kinds never compare: the
// classic store's `.Size` is the unpacked size, the containerd store's is the content as stored
// (compressed for built and pulled layers), and moby/moby#53426 makes it packed + unpacked in a later
// Docker. So the report's primary size is the uncompressed one, from the history layer sizes, which
// both stores have: exact bytes on the classic store, disk usage rounded up to 4 KiB blocks per file
// and directory on the containerd store (see docs/report.md).
import type { Report } from "./schema.js";

export type SizeKind = "uncompressed" | "compressed";
export const SIZE_KINDS: readonly SizeKind[] = ["uncompressed", "compressed"];

/** How exact the uncompressed size is: `exact` bytes, or disk usage in 4 KiB blocks. */
export type SizeRounding = "exact" | "4KiB-blocks";

/** The image size of that kind, or null when the report's store did not measure it. */
export function imageSize(report: Report, kind: SizeKind): number | null {
  const sizes = report.image.sizes;
  if (sizes) return sizes[kind];
  // Reports written before `image.sizes`: one size of the kind `sizeKind` names, and the history
  // layer sizes, whose sum is the uncompressed size in both stores.
  if (report.image.sizeKind === kind) return report.image.sizeBytes;
  if (kind === "uncompressed") return report.image.layers.reduce((n, l) => n + l.sizeBytes, 0);
  return null;
}

/** The rounding of a report's uncompressed size (older reports: inferred from their store's kind). */
export function sizeRounding(report: Report): SizeRounding {
  if (report.image.sizes) return report.image.sizes.uncompressedRounding;
  return report.image.sizeKind === "compressed" ? "4KiB-blocks" : "exact";
}
