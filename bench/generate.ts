// Synthetic large progress logs for the parser benchmark, shaped like the real captures in
// test/fixtures/progress: many steps, long RUN output, interleaved blocks, every format.
import { createWriteStream } from "node:fs";
import { once } from "node:events";

const LINE = "Downloading https://files.example.org/packages/some-package-1.2.3-py3-none-any.whl (1.2 MB)";

/** Distinct steps in a throughput log: real builds have tens of steps however much they print. */
export const GENERATED_STEPS = 40;

export type LogKind = "plain" | "rawjson-indented" | "rawjson-compact";

async function writer(path: string) {
  const out = createWriteStream(path);
  let bytes = 0;
  return {
    bytes: () => bytes,
    async write(s: string) {
      bytes += Buffer.byteLength(s) + 1;
      if (!out.write(s + "\n")) await once(out, "drain");
    },
    async close() {
      out.end();
      await once(out, "finish");
    },
  };
}

/** About `mb` megabytes of `--progress=plain` (buildx style): two stages pausing and resuming. */
export async function writePlainLog(path: string, mb: number): Promise<number> {
  const w = await writer(path);
  await w.write('#0 building with "default" instance using docker driver');
  let round = 0;
  while (w.bytes() < mb * 1e6) {
    const a = (round % (GENERATED_STEPS / 2)) * 2 + 1;
    const b = a + 1;
    round++;
    await w.write("");
    await w.write(`#${a} [builder ${a}/999] RUN pip install -r requirements-${a}.txt`);
    for (let i = 0; i < 2000; i++) await w.write(`#${a} ${(i / 100).toFixed(3)} ${LINE}`);
    await w.write(`#${a} ...`);
    await w.write("");
    await w.write(`#${b} [runtime ${b}/999] RUN npm ci`);
    for (let i = 0; i < 500; i++) await w.write(`#${b} ${(i / 100).toFixed(3)} added ${i} packages`);
    await w.write(`#${b} DONE 4.2s`);
    await w.write("");
    await w.write(`#${a} [builder ${a}/999] RUN pip install -r requirements-${a}.txt`);
    await w.write(`#${a} DONE 12.3s`);
  }
  await w.close();
  return w.bytes();
}

/** About `mb` megabytes of rawjson: indented (buildx 0.12–0.14) or one object per line (≥ 0.15). */
export async function writeRawjsonLog(
  path: string,
  mb: number,
  layout: "indented" | "compact",
): Promise<number> {
  const w = await writer(path);
  const json = (o: unknown) => (layout === "indented" ? JSON.stringify(o, null, 2) : JSON.stringify(o));
  const t0 = Date.parse("2026-11-28T01:00:00Z");
  let round = 0;
  while (w.bytes() < mb * 1e6) {
    const n = (round++ % GENERATED_STEPS) + 1;
    await writeRawjsonStep(
      w.write,
      json,
      n,
      `[builder ${n}/999] RUN pip install -r requirements-${n}.txt`,
      t0,
      200,
    );
  }
  await w.close();
  return w.bytes();
}

async function writeRawjsonStep(
  write: (s: string) => Promise<void>,
  json: (o: unknown) => string,
  n: number,
  name: string,
  t0: number,
  lines: number,
): Promise<void> {
  const digest = `sha256:${n.toString(16).padStart(64, "0")}`;
  const started = new Date(t0 + n * 1000).toISOString();
  await write(json({ vertexes: [{ digest, name, started }] }));
  for (let i = 0; i < lines; i++) {
    const data = Buffer.from(`${LINE} ${i}\n`).toString("base64");
    await write(json({ logs: [{ vertex: digest, stream: 1, data, timestamp: started }] }));
  }
  const completed = new Date(t0 + n * 1000 + 750).toISOString();
  await write(json({ vertexes: [{ digest, name, started, completed }] }));
}

/**
 * About `mb` megabytes spread over `steps` distinct steps, one after the other (a long multi-stage
 * build): what grows with the number of steps is what the parser keeps per step.
 */
export async function writeManyStepsLog(
  path: string,
  kind: "plain" | "rawjson",
  mb: number,
  steps: number,
): Promise<number> {
  const w = await writer(path);
  const perStep = Math.max(1, Math.round((mb * 1e6) / steps / (LINE.length + (kind === "plain" ? 16 : 200))));
  const t0 = Date.parse("2026-11-28T01:00:00Z");
  for (let n = 1; n <= steps; n++) {
    const name = `[stage-${n % 7} ${n}/${steps}] RUN pip install -r requirements-${n}.txt`;
    if (kind === "rawjson") {
      await writeRawjsonStep(w.write, (o) => JSON.stringify(o), n, name, t0, perStep);
      continue;
    }
    await w.write("");
    await w.write(`#${n} ${name}`);
    for (let i = 0; i < perStep; i++) await w.write(`#${n} ${(i / 100).toFixed(3)} ${LINE} ${i}`);
    await w.write(`#${n} DONE 1.2s`);
  }
  // A build BuildKit finished ends by exporting: without it `parse` reports the log cut short (exit 1).
  const last = steps + 1;
  if (kind === "rawjson")
    await writeRawjsonStep(w.write, (o) => JSON.stringify(o), last, "exporting to image", t0, 0);
  else for (const l of ["", `#${last} exporting to image`, `#${last} DONE 0.1s`]) await w.write(l);
  await w.close();
  return w.bytes();
}
