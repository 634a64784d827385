// Synthetic large progress logs for the parser benchmark, shaped like the real captures in
// test/fixtures/progress: many steps, long RUN output, interleaved blocks, both formats.
import { createWriteStream } from "node:fs";
import { once } from "node:events";

const LINE = "Downloading https://files.example.org/packages/some-package-1.2.3-py3-none-any.whl (1.2 MB)";

/** Distinct steps in a generated log: real builds have tens of steps however much they print. */
export const GENERATED_STEPS = 40;

/** Writes about `mb` megabytes of `--progress=plain` output (buildx style) to path. */
export async function writePlainLog(path: string, mb: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += s.length + 1;
    if (!out.write(s + "\n")) await once(out, "drain");
  };
  await write('#0 building with "default" instance using docker driver');
  let round = 0;
  while (bytes < mb * 1e6) {
    // Two parallel stages that pause and resume, cycling over a fixed set of step numbers.
    const a = (round % (GENERATED_STEPS / 2)) * 2 + 1;
    const b = a + 1;
    round++;
    await write("");
    await write(`#${a} [builder ${a}/999] RUN pip install -r requirements-${a}.txt`);
    for (let i = 0; i < 2000; i++) await write(`#${a} ${(i / 100).toFixed(3)} ${LINE}`);
    await write(`#${a} ...`);
    await write("");
    await write(`#${b} [runtime ${b}/999] RUN npm ci`);
    for (let i = 0; i < 500; i++) await write(`#${b} ${(i / 100).toFixed(3)} added ${i} packages`);
    await write(`#${b} DONE 4.2s`);
    await write("");
    await write(`#${a} [builder ${a}/999] RUN pip install -r requirements-${a}.txt`);
    await write(`#${a} DONE 12.3s`);
  }
  out.end();
  await once(out, "finish");
  return bytes;
}

/** Writes about `mb` megabytes of buildx 0.12–0.14 style rawjson (indented, multi-line objects). */
export async function writeRawjsonLog(path: string, mb: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (obj: unknown) => {
    const s = JSON.stringify(obj, null, 2);
    bytes += s.length + 1;
    if (!out.write(s + "\n")) await once(out, "drain");
  };
  let round = 0;
  const t0 = Date.parse("2026-11-28T01:00:00Z");
  while (bytes < mb * 1e6) {
    const n = (round++ % GENERATED_STEPS) + 1;
    const digest = `sha256:${n.toString(16).padStart(64, "0")}`;
    const name = `[builder ${n}/999] RUN pip install -r requirements-${n}.txt`;
    const started = new Date(t0 + n * 1000).toISOString();
    await write({ vertexes: [{ digest, name, started }] });
    for (let i = 0; i < 200; i++) {
      const data = Buffer.from(`${LINE} ${i}\n`).toString("base64");
      await write({ logs: [{ vertex: digest, stream: 1, data, timestamp: started }] });
    }
    await write({
      vertexes: [{ digest, name, started, completed: new Date(t0 + n * 1000 + 750).toISOString() }],
    });
  }
  out.end();
  await once(out, "finish");
  return bytes;
}
