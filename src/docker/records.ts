// The engine's own build records (BuildKit's history API, Docker ≥ 24): read over the daemon's
// /grpc endpoint, in process, instead of `docker buildx history`, because of how BuildKit < 0.29
// (every Docker 28) keeps them:
// - any read *by ref* (`history inspect/logs <ref>`) leaves the ref pinned in the daemon's memory,
//   so a later delete of that record is only a soft delete: hidden, still on disk, back after a
//   restart — and while a soft-deleted record exists, any listing (`history ls`) crashes the
//   daemon (moby/buildkit#6598, #6614);
// - a listing with no ref, no filter and no limit skips soft-deleted records without sorting them.
// So the tool lists every record that way, finds its own by its run label, and deletes them by ref,
// a ref nobody ever read by ref: a real delete. `docker buildx history` is never called.
import { connect } from "node:net";
import { connect as http2Connect } from "node:http2";
import type { Socket } from "node:net";
import { localSocket } from "./engine-api.js";
import { execText } from "./exec.js";
import type { DockerEnv } from "./detect.js";
import { versionAtLeast } from "./detect.js";
import {
  contentData,
  decodeEvent,
  deleteRequest,
  grpcFrame,
  grpcMessages,
  LIST_ALL_REQUEST,
  readContentRequest,
  statusRequest,
} from "./records-proto.js";
import type { BuildRecord } from "./records-proto.js";

export type { BuildRecord } from "./records-proto.js";

const CALL_TIMEOUT_MS = 10_000;
const CONTROL = "/moby.buildkit.v1.Control";
const CONTENT_READ = "/containerd.services.content.v1.Content/Read";

export class RecordsUnavailable extends Error {}

/** Why this engine's records cannot be read, or null when they can be tried. */
export function recordsUnavailable(env: DockerEnv): string | null {
  if (env.driver !== "docker") {
    return `the ${env.driver} driver keeps its records in its own BuildKit, which the tool does not reach`;
  }
  if (!versionAtLeast(env.serverVersion, [24, 0])) {
    return `Docker ${env.serverVersion} keeps no build records (BuildKit's history API came with Docker 24)`;
  }
  return null;
}

/** The daemon's unix socket, as the docker client resolves it (DOCKER_HOST, then the context). */
export async function daemonSocket(env: DockerEnv): Promise<string> {
  // Without a client start where the files make it certain (it would run beside the cold build).
  const local = localSocket(env.docker);
  if (local) return local;
  const address =
    process.env.DOCKER_HOST ||
    (await execText([env.docker, "context", "inspect", "--format", "{{.Endpoints.docker.Host}}"])).trim() ||
    "unix:///var/run/docker.sock";
  if (!address.startsWith("unix://")) {
    throw new RecordsUnavailable(
      `the daemon is at ${address.split("://")[0]}://, and only a unix socket is read`,
    );
  }
  return address.slice("unix://".length);
}

/** Every record the daemon keeps (soft-deleted ones are skipped by the daemon itself). */
export async function listRecords(socket: string): Promise<BuildRecord[]> {
  return (await listEvents(socket)).map(decodeEvent).filter((r): r is BuildRecord => r !== null);
}

/** The BuildHistoryEvent messages of that listing, as the daemon sent them. */
export async function listEvents(socket: string): Promise<Buffer[]> {
  return grpcMessages(await call(socket, `${CONTROL}/ListenBuildHistory`, LIST_ALL_REQUEST));
}

export async function deleteRecord(socket: string, ref: string): Promise<void> {
  await call(socket, `${CONTROL}/UpdateBuildHistory`, deleteRequest(ref));
}

/**
 * A blob of the record (its external error: a google.rpc.Status) from the content service BuildKit
 * serves next to its control API, read by digest: no ref is read, so nothing pins the record.
 */
export async function readBlob(socket: string, digest: string): Promise<Buffer> {
  const body = await call(socket, CONTENT_READ, readContentRequest(digest));
  return Buffer.concat(grpcMessages(body).map(contentData));
}

/**
 * A finished build's status stream, replayed from its record's log blob (Control/Status by ref).
 * BuildKit reads the record straight from its database there and never counts the ref as open
 * (HistoryQueue.Status, unlike ListenBuildHistory with a ref), so its later delete stays real.
 */
export async function readStatus(socket: string, ref: string): Promise<Buffer[]> {
  return grpcMessages(await call(socket, `${CONTROL}/Status`, statusRequest(ref)));
}

/** One unary or server-streaming gRPC call over Docker's `/grpc` upgrade (what buildx does). */
async function call(socketPath: string, path: string, message: Uint8Array): Promise<Buffer> {
  const socket = await upgrade(socketPath);
  const session = http2Connect("http://docker", { createConnection: () => socket });
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${path}: no answer in 10 s`)), CALL_TIMEOUT_MS);
      session.on("error", reject);
      const req = session.request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/grpc",
        te: "trailers",
      });
      const chunks: Buffer[] = [];
      let status = "";
      let detail = "";
      req.on("response", (h) => {
        // A call that fails at once answers with headers only ("trailers-only").
        status = String(h["grpc-status"] ?? "");
        detail = String(h["grpc-message"] ?? "");
      });
      req.on("trailers", (t) => {
        status = String(t["grpc-status"] ?? status);
        detail = String(t["grpc-message"] ?? detail);
      });
      req.on("data", (d: Buffer) => chunks.push(d));
      req.on("error", reject);
      req.on("end", () => {
        clearTimeout(timer);
        if (status === "0") return resolve(Buffer.concat(chunks));
        const why = decodeURIComponent(detail) || `gRPC status ${status || "missing"}`;
        reject(
          status === "12" ? new RecordsUnavailable(`the daemon has no history API (${why})`) : new Error(why),
        );
      });
      req.end(grpcFrame(message));
    });
  } finally {
    session.close();
    socket.destroy();
  }
}

/** Docker's API socket switched to HTTP/2 (`POST /grpc`, `Upgrade: h2c`). */
function upgrade(socketPath: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(socketPath);
    s.once("error", reject);
    s.once("connect", () =>
      s.write(
        "POST /grpc HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 0\r\n\r\n",
      ),
    );
    let head = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      s.off("data", onData);
      // Paused, so the HTTP/2 session gets the bytes that came with the 101 from the start.
      s.pause();
      const status = head.subarray(0, end).toString("latin1").split("\r\n")[0] ?? "";
      if (!/^HTTP\/1\.[01] 101/.test(status)) {
        s.destroy();
        return reject(new RecordsUnavailable(`the daemon refused the gRPC upgrade (${status})`));
      }
      const rest = head.subarray(end + 4);
      if (rest.length) s.unshift(rest);
      s.off("error", reject);
      resolve(s);
    };
    s.on("data", onData);
  });
}
