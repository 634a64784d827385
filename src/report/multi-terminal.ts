// Pure: the images of a set as the CLI prints them: one row per image, as the comment's headline.
import { COLUMNS, cell, gatesCell, headValue, type ImageOutcome } from "./multi-comment.js";
import type { SizeKind } from "./size.js";

export function renderImagesTerminal(outcomes: ImageOutcome[], kind: SizeKind): string {
  const rows = [
    ["Image", ...COLUMNS.map((c) => c.label), "Gates"],
    ...outcomes.map((o) =>
      o.head
        ? [
            o.id,
            ...COLUMNS.map((c) =>
              cell(c.key, headValue(o.head as NonNullable<typeof o.head>, c.key, kind), o.comparison),
            ),
            gatesCell(o.gates).replace("✅", "ok").replace("❌", "FAILED"),
          ]
        : [o.id, `${o.failed?.error.phase ?? ""} build failed`, "", "", "", "FAILED"],
    ),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const lines = rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
  return `${lines.join("\n")}\n  (~ = within the noise floor)\n`;
}
