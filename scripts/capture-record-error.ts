// Captures a failed build's record from the engine DOCKER_HOST points at, for
// test/fixtures/records/: the build's rawjson progress log, the BuildHistoryEvent as listed, its
// external error blob (a google.rpc.Status) and its replayed status stream; then deletes that
// record (this script's own: found by the unique tag it built). Usage, with the engine's env loaded:
//   node --import tsx scripts/capture-record-error.ts <out-dir> <file-prefix> <base-image>
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { detectDocker } from "../src/docker/detect.js";
import { decodeEvent } from "../src/docker/records-proto.js";
import { daemonSocket, deleteRecord, listEvents, readBlob, readStatus } from "../src/docker/records.js";

// The failing RUN spans lines 5-7; it prints two lines, then exits 3.
const DOCKERFILE = `ARG BASE
FROM \${BASE}
ARG NONCE
RUN echo "nonce $NONCE" > /nonce
RUN echo "compiling main.c" && \\
    echo "main.c:3: error: expected ';' before '}' token" >&2 && \\
    exit 3
`;

const [out, prefix, base] = process.argv.slice(2);
if (!out || !prefix || !base)
  throw new Error("usage: capture-record-error.ts <out-dir> <file-prefix> <base-image>");
const dir = mkdtempSync(join(tmpdir(), "dcb-capture-"));
writeFileSync(join(dir, "Dockerfile"), DOCKERFILE);
writeFileSync(join(out, "Dockerfile"), DOCKERFILE);
const tag = `dcb-capture:${randomBytes(6).toString("hex")}`;
const argv = ["buildx", "build", "--progress=rawjson", "-t", tag, "--build-arg", `BASE=${base}`];
const build = spawnSync("docker", [...argv, "--build-arg", `NONCE=${tag}`, dir], { encoding: "utf8" });
if (build.status === 0) throw new Error("the build was meant to fail");
writeFileSync(join(out, `${prefix}-progress.jsonl`), build.stderr);
const socket = await daemonSocket(await detectDocker({ docker: "docker" }));
for (let i = 0; i < 20; i++) {
  const event = (await listEvents(socket)).find((b) => {
    const r = decodeEvent(b);
    return r?.completed && r.names.some((n) => n.endsWith(tag));
  });
  if (!event) {
    await new Promise((r) => setTimeout(r, 300));
    continue;
  }
  const record = decodeEvent(event)!;
  writeFileSync(join(out, `${prefix}-event.bin`), event);
  if (record.externalError)
    writeFileSync(join(out, `${prefix}-error.bin`), await readBlob(socket, record.externalError));
  const status = await readStatus(socket, record.ref);
  writeFileSync(join(out, `${prefix}-status.bin`), Buffer.concat(status.map(frame)));
  await deleteRecord(socket, record.ref);
  console.log(`captured ${record.ref} (${tag}); record deleted`);
  process.exit(0);
}
throw new Error(`no completed record named ${tag}`);

/** Length-prefixed, so the messages split again (4-byte big-endian length, then the message). */
function frame(m: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(m.length);
  return Buffer.concat([head, m]);
}
