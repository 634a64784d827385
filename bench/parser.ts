// Parser throughput on large generated logs, read the way the tool reads a build's stderr
// (readline `line` events, src/docker/exec.ts). Wall time and CPU time are both printed: on a
// shared machine CPU time is the steadier of the two.
import { createReadStream } from "node:fs";
import { once } from "node:events";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createProgressParser } from "../src/progress/index.js";
import { writePlainLog, writeRawjsonLog, type LogKind } from "./generate.js";

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
  let gcSeconds = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  rl.on("line", (line) => {
    onLine(line);
    seen += line.length + 1;
    if (seen < nextSample) return;
    nextSample += bytes / 10;
    const t = performance.now();
    gc?.();
    retainedMb.push(process.memoryUsage().heapUsed / 1e6);
    gcSeconds += (performance.now() - t) / 1000;
  });
  await once(rl, "close");
  const cpu = process.cpuUsage(cpu0);
  return {
    seconds: (performance.now() - started) / 1000 - gcSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6 - gcSeconds,
    retainedMb,
  };
}

export async function parserBench(kind: LogKind, dir: string, mb: number): Promise<void> {
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
  const heap = (r: ReadResult) => r.retainedMb.map((m) => m.toFixed(1)).join(" ");
  console.log(
    `parser ${kind.padEnd(16)} ${size.toFixed(0)} MB, ${steps} steps, best of ${PASSES}: ${(size / parsed.seconds).toFixed(1)} MB/s wall, ` +
      `${(size / parsed.cpuSeconds).toFixed(1)} MB/s of CPU (target ≥ 100) → ratio ${(size / parsed.cpuSeconds / 100).toFixed(2)}× target; ` +
      `reading alone ${(size / bare.cpuSeconds).toFixed(1)} MB/s of CPU, parsing costs ${(parsed.cpuSeconds / bare.cpuSeconds).toFixed(2)}× reading\n` +
      `  retained heap after GC at each tenth, MB: parser ${heap(parsed)} | reading alone ${heap(bare)}`,
  );
  await rm(path);
}
