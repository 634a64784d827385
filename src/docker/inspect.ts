// Image facts from the daemon's own machine-readable output: `docker image inspect` and
// `docker history --human=false`. What `.Size` means depends on the image store: the unpacked
// size in the classic store, the content as stored (compressed) in the containerd store — and
// packed + unpacked there from moby/moby#53426 on. The uncompressed size is therefore the sum of
// the history layer sizes, which both stores report (exact on classic, 4 KiB-block disk usage on
// containerd; the engine API's `ImageData.Size.Unpacked` is the same block-rounded number).
import type { SizeKind, SizeRounding } from "../report/size.js";
import type { DockerEnv } from "./detect.js";
import { apiCall, apiOrClient, EngineApiError, localSocket } from "./engine-api.js";
import { execCommand, execText } from "./exec.js";

export type { SizeKind };

export interface ImageLayer {
  /** `CREATED BY` as docker history prints it, e.g. `RUN /bin/sh -c pip install … # buildkit`. */
  createdBy: string;
  sizeBytes: number;
  /** The Dockerfile instruction recovered from `createdBy` (`RUN pip install …`), for matching steps. */
  instruction: string;
  /** False for metadata-only history entries (ENV, CMD, …) that add no filesystem layer. */
  emptyLayer: boolean;
  /** From the base image or made by this Dockerfile; null when the base image's history is unknown. */
  source: "base" | "dockerfile" | null;
}

export interface ImageFacts {
  id: string;
  /** The uncompressed size (sizes.uncompressed). */
  sizeBytes: number;
  sizeKind: SizeKind;
  sizes: { uncompressed: number; uncompressedRounding: SizeRounding; compressed: number | null };
  storageDriver: string;
  /** In build order, base image first (docker history prints newest first; parseHistory reverses it). */
  layers: ImageLayer[];
}

/**
 * baseImage: the image the final stage starts FROM (`scratch` for none), to tell its layers from
 * the Dockerfile's; null when unknown (the layers' source is then null).
 */
export async function inspectImage(
  env: DockerEnv,
  ref: string,
  baseImage: string | null,
): Promise<ImageFacts> {
  const read = await readImage(env, ref, baseImage);
  const { id, size } = read;
  const layers = markSources(read.own, read.base);
  const uncompressed = layers.reduce((n, l) => n + l.sizeBytes, 0);
  const stored = Number(size);
  return {
    id,
    sizeBytes: uncompressed,
    sizeKind: "uncompressed",
    sizes: {
      uncompressed,
      uncompressedRounding: env.containerdStore ? "4KiB-blocks" : "exact",
      // `.Size` is the stored content only while it is not larger than the unpacked size: from
      // moby/moby#53426 on it adds the unpacked snapshots, and then no compressed size is known.
      compressed: env.containerdStore && stored > 0 && stored <= uncompressed ? stored : null,
    },
    storageDriver: env.storageDriver,
    layers,
  };
}

/**
 * The image's first layers are its base image's, history entry for history entry. When the base's
 * history is not a prefix of the image's (a base image rebuilt since, another platform), the
 * source stays unknown rather than guessed.
 */
export function markSources(layers: ImageLayer[], base: ImageLayer[] | null): ImageLayer[] {
  const prefix =
    base !== null &&
    base.length <= layers.length &&
    base.every((b, i) => b.createdBy === layers[i]?.createdBy);
  return layers.map((l, i) => ({
    ...l,
    source: prefix ? (i < (base?.length ?? 0) ? "base" : "dockerfile") : null,
  }));
}

export interface ImageRead {
  id: string;
  /** `.Size` as the store reports it. */
  size: number;
  own: ImageLayer[];
  /** The base image's history; [] for scratch, null when unknown. */
  base: ImageLayer[] | null;
}

/** An image reference the API's path takes as it is (every valid reference does). */
const PLAIN_REF = /^[A-Za-z0-9._/:@-]+$/;

/**
 * Through the API on the local socket (see engine-api.ts: no client start beside the warm build),
 * else through the docker client; the client too where the socket cannot be reached at all.
 */
async function readImage(env: DockerEnv, ref: string, baseImage: string | null): Promise<ImageRead> {
  const plain = PLAIN_REF.test(ref) && (baseImage === null || PLAIN_REF.test(baseImage));
  return apiOrClient(
    plain ? localSocket(env.docker) : null,
    (socket) => readImageApi(socket, ref, baseImage),
    () => readImageCli(env, ref, baseImage),
  );
}

export async function readImageApi(
  socket: string,
  ref: string,
  baseImage: string | null,
): Promise<ImageRead> {
  const history = async (r: string) =>
    historyLayers((await apiCall(socket, "GET", `/images/${r}/history`)) as unknown[]);
  const [inspect, own, base] = await Promise.all([
    apiCall(socket, "GET", `/images/${ref}/json`) as Promise<{ Id?: string; Size?: number }>,
    history(ref),
    baseHistory(baseImage, [], history),
  ]);
  return { id: inspect.Id ?? ref, size: Number(inspect.Size ?? 0) || 0, own, base };
}

export async function readImageCli(
  env: DockerEnv,
  ref: string,
  baseImage: string | null,
): Promise<ImageRead> {
  const docker = env.docker;
  const history = (r: string) =>
    execText([docker, "history", "--no-trunc", "--human=false", "--format", "{{json .}}", r]);
  const [inspect, own, base] = await Promise.all([
    execText([docker, "image", "inspect", "--format", "{{.Id}}|{{.Size}}", ref]),
    history(ref),
    baseHistory(baseImage, "", history),
  ]);
  const [id = ref, size = "0"] = inspect.trim().split("|");
  return {
    id,
    size: Number(size) || 0,
    own: parseHistory(own),
    base: base === null ? null : parseHistory(base),
  };
}

/**
 * The base image's history, read with `history`: null when the base is unknown or its history
 * cannot be read (its layers are then not told apart), `empty` for scratch (no layers of its own).
 */
function baseHistory<T>(
  baseImage: string | null,
  empty: T,
  history: (ref: string) => Promise<T>,
): Promise<T | null> {
  if (baseImage === null) return Promise.resolve(null);
  if (baseImage === "scratch") return Promise.resolve(empty);
  return history(baseImage).catch(() => null);
}

/** `docker history --format '{{json .}}'` prints newest first, one JSON object per line. */
export function parseHistory(text: string): ImageLayer[] {
  return historyLayers(
    text
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as unknown),
  );
}

/**
 * History rows, newest first, as the API (`GET /images/{name}/history`) or the client prints them:
 * the same `CreatedBy`, except that the client turns tabs into spaces (docker/cli's history
 * formatter), and `Size` a number there, a string here.
 */
export function historyLayers(rows: unknown[]): ImageLayer[] {
  const layers: ImageLayer[] = [];
  for (const value of rows) {
    const row = value as { CreatedBy?: string; Size?: string | number };
    const createdBy = (row.CreatedBy ?? "").replaceAll("\t", " ");
    const sizeBytes = Number(row.Size ?? 0) || 0;
    const instruction = instructionFromCreatedBy(createdBy);
    layers.push({
      createdBy,
      sizeBytes,
      instruction,
      emptyLayer: sizeBytes === 0 && !/^(RUN|COPY|ADD)\b/.test(instruction),
      source: null,
    });
  }
  return layers.reverse();
}

/**
 * BuildKit history entries read `RUN /bin/sh -c <cmd> # buildkit`, `COPY . . # buildkit`,
 * `WORKDIR /app`; the classic builder wrote `/bin/sh -c #(nop) COPY …`. Normalise to the
 * Dockerfile form so a layer can be matched with its step.
 */
export function instructionFromCreatedBy(createdBy: string): string {
  let s = createdBy.trim().replace(/\s+# buildkit$/, "");
  const nop = /^\/bin\/sh -c #\(nop\)\s+(.*)$/s.exec(s);
  if (nop?.[1]) return nop[1].trim();
  if (s.startsWith("/bin/sh -c ")) s = `RUN ${s.slice("/bin/sh -c ".length)}`;
  s = s.replace(/^RUN \|\d+ (?:\S+=\S* )*/, "RUN ");
  return s.replace(/^RUN \/bin\/sh -c /, "RUN ");
}

/**
 * Through the API on the local socket, one after another as `docker image rm` does them; else one
 * `docker image rm` for all refs (each docker call costs a client start, 0.05–0.3 s).
 */
export async function removeImages(env: DockerEnv, refs: string[]): Promise<void> {
  if (!refs.length) return;
  const socket = localSocket(env.docker);
  if (socket && refs.every((r) => PLAIN_REF.test(r))) {
    let reached = true;
    for (const ref of refs) {
      await apiCall(socket, "DELETE", `/images/${ref}?force=1`).catch((e: unknown) => {
        // A missing image is what --force ignores too; an unreachable socket goes to the client.
        if (EngineApiError.unreached(e)) reached = false;
      });
      if (!reached) break;
    }
    if (reached) return;
  }
  await execCommand([env.docker, "image", "rm", "--force", ...refs]);
}

export async function removeImage(env: DockerEnv, ref: string): Promise<void> {
  await removeImages(env, [ref]);
}
