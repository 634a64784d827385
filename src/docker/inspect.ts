// Image facts from the daemon's own machine-readable output: `docker image inspect` for the
// size and `docker history --human=false` for the layers. What `.Size` means depends on the
// image store (research note §5.1): uncompressed in the classic graphdriver store, compressed
// content in the containerd store.
import type { DockerEnv } from "./detect.js";
import { execCommand, execText } from "./exec.js";

export type SizeKind = "uncompressed" | "compressed";

export interface ImageLayer {
  /** `CREATED BY` as docker history prints it, e.g. `RUN /bin/sh -c pip install … # buildkit`. */
  createdBy: string;
  sizeBytes: number;
  /** The Dockerfile instruction recovered from `createdBy` (`RUN pip install …`), for matching steps. */
  instruction: string;
  /** False for metadata-only history entries (ENV, CMD, …) that add no filesystem layer. */
  emptyLayer: boolean;
}

export interface ImageFacts {
  id: string;
  sizeBytes: number;
  sizeKind: SizeKind;
  storageDriver: string;
  /** In build order, base image first (docker history prints newest first; parseHistory reverses it). */
  layers: ImageLayer[];
}

export async function inspectImage(env: DockerEnv, ref: string): Promise<ImageFacts> {
  const docker = env.docker;
  const inspect = await execText([docker, "image", "inspect", "--format", "{{.Id}}|{{.Size}}", ref]);
  const [id = ref, size = "0"] = inspect.trim().split("|");
  const history = await execText([
    docker,
    "history",
    "--no-trunc",
    "--human=false",
    "--format",
    "{{json .}}",
    ref,
  ]);
  return {
    id,
    sizeBytes: Number(size),
    sizeKind: env.containerdStore ? "compressed" : "uncompressed",
    storageDriver: env.storageDriver,
    layers: parseHistory(history),
  };
}

/** `docker history --format '{{json .}}'` prints newest first, one JSON object per line. */
export function parseHistory(text: string): ImageLayer[] {
  const layers: ImageLayer[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { CreatedBy?: string; Size?: string | number; Comment?: string };
    const createdBy = row.CreatedBy ?? "";
    const sizeBytes = Number(row.Size ?? 0) || 0;
    const instruction = instructionFromCreatedBy(createdBy);
    layers.push({
      createdBy,
      sizeBytes,
      instruction,
      emptyLayer: sizeBytes === 0 && !/^(RUN|COPY|ADD)\b/.test(instruction),
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

export async function removeImage(env: DockerEnv, ref: string): Promise<void> {
  await execCommand([env.docker, "image", "rm", "--force", ref]);
}
