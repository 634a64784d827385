// Parser throughput on large generated logs, read the way the tool reads a build's stderr
// (decoded chunks cut into lines by src/progress/split.ts, as src/docker/exec.ts does). Wall time and CPU time are both printed: on a
// shared machine CPU time is the steadier of the two.
import { createReadStream } from "node:fs";
import { once } from "node:events";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { createProgressParser } from "../src/progress/index.js";
import { createLineSplitter } from "../src/progress/split.js";
import { writePlainLog, writeRawjsonLog, type LogKind } from "./generate.js";
import { load } from "./load.js";

interface ReadResult {
  seconds: number;
  cpuSeconds: number;
  /** Heap still in use after a full GC, sampled at each tenth of the log: flat memory = flat row. */
  retainedMb: number[];
}

const gc = (globalThis as { gc?: () => void }).gc;
const PASSES = 3;

async function streamFile(path: string, bytes: number, onLine: (line: string) => void): Promise<ReadResult> {
  gc?.();
  const retainedMb: number[] = [];
  let seen = 0;
  let nextSample = bytes / 10;
  // Sampling forces full GCs the parser would not run: their time is left out, wall and CPU apart
  // (on a busy machine the two differ by several times).
  let gcWall = 0;
  let gcCpu = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const input = createReadStream(path, { encoding: "utf8" });
  const splitter = createLineSplitter((line) => {
    onLine(line);
    seen += line.length + 1;
    if (seen < nextSample) return;
    nextSample += bytes / 10;
    const t = performance.now();
    const c = process.cpuUsage();
    gc?.();
    retainedMb.push(process.memoryUsage().heapUsed / 1e6);
    const dc = process.cpuUsage(c);
    gcCpu += (dc.user + dc.system) / 1e6;
    gcWall += (performance.now() - t) / 1000;
  });
  input.on("data", (chunk) => splitter.push(chunk as string));
  await once(input, "end");
  splitter.end();
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: (performance.now() - started) / 1000 - gcWall,
    cpuSeconds: (cpu.user + cpu.system) / 1e6 - gcCpu,
    retainedMb,
  };
}

/** `engineFormat` names the engine whose buildx prints this layout (the number that counts for it). */
export async function parserBench(
  kind: LogKind,
  dir: string,
  mb: number,
  engineFormat: string | null,
): Promise<void> {
  const path = join(dir, `${kind}.log`);
  const bytes = await (kind === "plain"
    ? writePlainLog(path, mb)
    : writeRawjsonLog(path, mb, kind === "rawjson-indented" ? "indented" : "compact"));
  const size = bytes / 1e6;
  // Best of PASSES, reading alone and parsing taking turns, so a busy moment on a shared machine
  // does not decide the number.
  let bare: ReadResult | null = null;
  let parsed: ReadResult | null = null;
  let steps = 0;
  for (let i = 0; i < PASSES; i++) {
    const b = await streamFile(path, bytes, () => undefined);
    const parser = createProgressParser();
    const p = await streamFile(path, bytes, (l) => parser.line(l));
    steps = parser.result().steps.length;
    if (!bare || b.cpuSeconds < bare.cpuSeconds) bare = b;
    if (!parsed || p.cpuSeconds < parsed.cpuSeconds) parsed = p;
  }
  if (!bare || !parsed) return;
  const target = kind === "plain" ? "" : " (target ≥ 100)";
  const heap = (r: ReadResult) => r.retainedMb.map((m) => m.toFixed(1)).join(" ");
  console.log(
    `parser ${kind.padEnd(16)}${engineFormat ? ` (${engineFormat})` : ""} ${size.toFixed(0)} MB, ${steps} steps, best of ${PASSES}: ${(size / parsed.seconds).toFixed(1)} MB/s wall, ` +
      `${(size / parsed.cpuSeconds).toFixed(1)} MB/s of CPU${target} → ratio ${(size / parsed.cpuSeconds / 100).toFixed(2)}× 100 MB/s; ` +
      `reading alone ${(size / bare.cpuSeconds).toFixed(1)} MB/s of CPU, parsing costs ${(parsed.cpuSeconds / bare.cpuSeconds).toFixed(2)}× reading\n` +
      `  ${load()}; retained heap after GC at each tenth, MB: parser ${heap(parsed)} | reading alone ${heap(bare)}`,
  );
  await rm(path);
}
