// Pure: one sticky comment for many images (bake targets, compose services, a matrix's jobs). It
// reads like the single-image one: an overall verdict, then one headline row per image (cold,
// warm, hit ratio, size, each with its change, and the image's gates), then each image's own
// comment collapsed. Over GitHub's limit, detail goes first from the least interesting images
// (no news before a failed gate), and the comment says whose.
import type { Comparison, MetricDelta, MetricKey } from "../compare/compare.js";
import type { GateResult } from "../compare/gates.js";
import {
  baselineText,
  detailLevels,
  MAX_COMMENT_CHARS,
  renderComment,
  renderHead,
  shownSizeKind,
  type BaselineInfo,
  type CommentInput,
} from "./comment.js";
import { formatMetric, formatMetricDelta } from "./comparison.js";
import { renderFailureMarkdown } from "./failure.js";
import { mdCode, mdText } from "./markdown-escape.js";
import type { FailedReport, Report } from "./schema.js";
import { imageSize, type SizeKind } from "./size.js";

/** One image with everything its own comment would show. */
export interface ImageOutcome {
  id: string;
  /** Null when its build failed (then `failed` is set). */
  head: Report | null;
  failed: FailedReport | null;
  base: Report | null;
  comparison: Comparison | null;
  gates: GateResult[];
  baseline: BaselineInfo | null;
  baselineNote: string | null;
}

export interface MultiCommentInput {
  marker: string;
  benchmarkId: string;
  images: ImageOutcome[];
  summaryUrl: string | null;
  /** The kind of image size shown where there is no comparison; default uncompressed. */
  sizeKind?: SizeKind;
}

/** One image keeps the single-image comment; several (or one whose build failed) get the multi-image one. */
export function renderImagesComment(input: MultiCommentInput, limit = MAX_COMMENT_CHARS): string {
  const only = input.images.length === 1 ? input.images[0] : undefined;
  if (!only?.head) return renderMultiComment(input, limit);
  return renderComment(
    {
      ...commentInputOf({ ...only, head: only.head }, input),
      marker: input.marker,
      benchmarkId: only.id,
    },
    limit,
  );
}

/** How much a reviewer needs an image's detail: the higher, the later it is cut. */
export function interest(o: ImageOutcome): number {
  if (!o.head) return 5;
  if (o.gates.some((g) => g.passed === false)) return 4;
  if (o.comparison?.cacheRegressions.length) return 3;
  if (o.comparison?.metrics.some((m) => m.significant)) return 2;
  if (o.head.findings.some((f) => f.severity === "warning")) return 1;
  return 0;
}

/** The image as the single-image renderer takes it. */
export function commentInputOf(o: ImageOutcome & { head: Report }, m: MultiCommentInput): CommentInput {
  return {
    marker: "",
    benchmarkId: o.id,
    head: o.head,
    base: o.base,
    baseline: o.baseline,
    comparison: o.comparison,
    gates: o.gates,
    summaryUrl: m.summaryUrl,
    baselineNote: o.baselineNote,
    ...(m.sizeKind ? { sizeKind: m.sizeKind } : {}),
  };
}

export function renderMultiComment(input: MultiCommentInput, limit = MAX_COMMENT_CHARS): string {
  const head = [input.marker, title(input), verdict(input), headline(input)];
  const footer = renderFooter(input);
  const levels = input.images.map((o) => imageLevels(o, input));
  const chosen = levels.map(() => 0);
  const render = (notice: string) =>
    [
      ...head,
      ...input.images.map((o, i) => detailsBlock(o, levels[i]?.[chosen[i] ?? 0] ?? [])).filter(Boolean),
      ...(notice ? [notice] : []),
      footer,
    ].join("\n\n") + "\n";
  let body = render("");
  if (body.length <= limit) return body;
  // Least interesting first (ties: the later image first), each down to no detail before the next.
  const order = input.images
    .map((o, i) => ({ i, score: interest(o) }))
    .sort((a, b) => a.score - b.score || b.i - a.i);
  const cut: string[] = [];
  for (const { i } of order) {
    const last = (levels[i]?.length ?? 1) - 1;
    cut.push(input.images[i]?.id ?? "");
    while ((chosen[i] ?? 0) < last) {
      chosen[i] = (chosen[i] ?? 0) + 1;
      body = render(cutNotice(cut, input.summaryUrl));
      if (body.length <= limit) return body;
    }
  }
  const notice = `\n\n> ✂️ This comment was cut to fit GitHub's ${MAX_COMMENT_CHARS.toLocaleString("en-US")}-character limit. ${summaryLink(input.summaryUrl)} has the full report.\n`;
  return body.slice(0, limit - notice.length) + notice;
}

function summaryLink(url: string | null): string {
  return url ? `The [job summary](${url})` : "The job summary";
}

function cutNotice(ids: string[], summaryUrl: string | null): string {
  return `> ✂️ To fit GitHub's ${MAX_COMMENT_CHARS.toLocaleString("en-US")}-character limit, the detail of ${ids.map(mdCode).join(", ")} was shortened or left out (the least interesting images first). ${summaryLink(summaryUrl)} has all of it.`;
}

function title(input: MultiCommentInput): string {
  const name = input.benchmarkId && input.benchmarkId !== "." ? ` · ${mdCode(input.benchmarkId)}` : "";
  return `### 🐳 Docker build benchmark${name} · ${input.images.length} images`;
}

/** An image's detail levels (each its own comment's, without title), most detail first; the last is none. */
function imageLevels(o: ImageOutcome, m: MultiCommentInput): string[][] {
  if (!o.head) {
    const failure = renderFailureMarkdown(o.failed?.error.message ?? "build failed", o.failed);
    // Its own title line is the summary's job here.
    return [[failure.split("\n").slice(2).join("\n").trim()], []];
  }
  const single = commentInputOf({ ...o, head: o.head }, m);
  const headPart = renderHead(single, false);
  const footer = `<sub>${baselineText(o.baseline)}</sub>`;
  return [...detailLevels(single).map((d) => [...headPart, ...d, footer]), []];
}

function detailsBlock(o: ImageOutcome, sections: string[]): string {
  if (!sections.length) return "";
  return [
    `<details><summary>${statusIcon(o)} ${mdCode(o.id)}: ${mdText(shortVerdict(o))}</summary>`,
    "",
    ...sections.flatMap((s) => [s, ""]),
    "</details>",
  ].join("\n");
}

function statusIcon(o: ImageOutcome): string {
  if (!o.head || o.gates.some((g) => g.passed === false)) return "❌";
  if (o.comparison?.cacheRegressions.length || !o.head.touch.effective) return "⚠️";
  return "✅";
}

function shortVerdict(o: ImageOutcome): string {
  if (!o.head) return `${o.failed?.error.phase ?? "the"} build failed`;
  const failed = o.gates.filter((g) => g.passed === false).length;
  if (failed) return `${failed} gate${failed === 1 ? "" : "s"} failed`;
  const lost = o.comparison?.cacheRegressions.length ?? 0;
  if (lost) return `${lost} step${lost === 1 ? "" : "s"} lost ${lost === 1 ? "its" : "their"} cache`;
  if (!o.head.touch.effective) return "the touch had no effect";
  if (!o.comparison) return "no baseline yet";
  const moved = o.comparison.metrics.filter((m) => m.significant).length;
  return moved ? `${moved} number${moved === 1 ? "" : "s"} moved` : "no change beyond noise";
}

function verdict(input: MultiCommentInput): string {
  const imgs = input.images;
  const broken = imgs.filter((o) => !o.head);
  const gated = imgs.filter((o) => o.gates.some((g) => g.passed === false));
  const parts: string[] = [];
  if (broken.length) {
    parts.push(
      `❌ **${broken.length === 1 ? "A build" : `${broken.length} builds`} failed**: ${broken.map((o) => `${mdCode(o.id)} (${mdText(o.failed?.error.message ?? "")})`).join("; ")}.`,
    );
  }
  if (gated.length) {
    const n = gated.reduce((s, o) => s + o.gates.filter((g) => g.passed === false).length, 0);
    const list = gated.map(
      (o) =>
        `${mdCode(o.id)}: ${o.gates
          .filter((g) => g.passed === false)
          .map((g) => mdText(g.message))
          .join("; ")}`,
    );
    parts.push(
      `❌ **${n} gate${n === 1 ? "" : "s"} failed** in ${gated.length} of ${imgs.length} images: ${list.join("; ")}.`,
    );
  }
  if (parts.length) return parts.join("\n\n");
  const lost = imgs.filter((o) => o.comparison?.cacheRegressions.length);
  if (lost.length)
    return `⚠️ **Cache regression** in ${lost.map((o) => mdCode(o.id)).join(", ")}: a step cached after a code change on the base rebuilds now (details below).`;
  const compared = imgs.filter((o) => o.comparison);
  const noBase = imgs.length - compared.length;
  const moved = imgs.filter((o) =>
    o.comparison?.metrics.some((m) => m.significant && m.key !== "cacheHitRatio"),
  );
  const without = noBase
    ? ` No baseline yet for ${noBase === imgs.length ? "any of them" : `${noBase} of ${imgs.length}`}.`
    : "";
  if (!compared.length) return `ℹ️ No baseline yet for any of the ${imgs.length} images.`;
  if (!moved.length)
    return `✅ No change beyond noise against the base in ${compared.length} of ${imgs.length} images; no step lost its cache.${without}`;
  return `ℹ️ Numbers moved in ${moved.map((o) => mdCode(o.id)).join(", ")}; no step lost its cache.${without}`;
}

export const COLUMNS: { key: MetricKey; label: string }[] = [
  { key: "coldSeconds", label: "Cold" },
  { key: "warmSeconds", label: "Warm after a code change" },
  { key: "cacheHitRatio", label: "Cache hit ratio" },
  { key: "imageSizeBytes", label: "Image size" },
];

function headline(input: MultiCommentInput): string {
  const rows = input.images.map((o) => {
    if (!o.head) return `| ❌ ${mdCode(o.id)} | ${o.failed?.error.phase ?? ""} build failed | | | | ❌ |`;
    const single = commentInputOf({ ...o, head: o.head }, input);
    const cells = COLUMNS.map((c) =>
      cell(c.key, headValue(o.head as Report, c.key, shownSizeKind(single)), o.comparison),
    );
    return `| ${statusIcon(o)} ${mdCode(o.id)} | ${cells.join(" | ")} | ${gatesCell(o.gates)} |`;
  });
  return [
    `| Image | ${COLUMNS.map((c) => c.label).join(" | ")} | Gates |`,
    "|---|--:|--:|--:|--:|:-:|",
    ...rows,
  ].join("\n");
}

export function headValue(r: Report, key: MetricKey, kind: SizeKind): number | null {
  if (key === "imageSizeBytes") return imageSize(r, kind);
  return r.summary[key];
}

/** The head's value and, under a comparison, its change (`~` within the noise floor). */
export function cell(key: MetricKey, value: number | null, c: Comparison | null): string {
  const m: MetricDelta | undefined = c?.metrics.find((x) => x.key === key);
  const text = formatMetric(key, value);
  if (!m || m.delta === null) return text;
  // No percentage here: the row stays short, the image's own table has it.
  const change = `${formatMetricDelta({ ...m, ratio: null })}${m.delta !== 0 && !m.significant ? " ~" : ""}`;
  return `${text} (${change})`;
}

export function gatesCell(gates: GateResult[]): string {
  if (!gates.length) return "–";
  const failed = gates.filter((g) => g.passed === false).length;
  const judged = gates.filter((g) => g.passed !== null).length;
  return failed ? `❌ ${failed} of ${gates.length}` : judged ? `✅ ${judged} of ${gates.length}` : "–";
}

function renderFooter(input: MultiCommentInput): string {
  const texts = new Set(input.images.filter((o) => o.head).map((o) => baselineText(o.baseline)));
  const base =
    texts.size === 1
      ? [...texts][0]
      : `baselines: ${input.images.filter((o) => o.baseline).length} of ${input.images.length} images (each image's detail says which)`;
  const kind =
    input.images.find((o) => o.comparison)?.comparison?.sizeKind ?? input.sizeKind ?? "uncompressed";
  const version =
    input.images.find((o) => o.head)?.head?.tool.version ?? input.images[0]?.failed?.tool.version ?? "";
  const summary = input.summaryUrl ? ` · [full report](${input.summaryUrl})` : "";
  return `<sub>${base ?? "no baseline"} · ~ = within the noise floor · size is ${kind}${summary} · docker-cache-bench ${mdText(version)}</sub>`;
}
