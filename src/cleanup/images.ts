// The run's images carry labels naming the run (pid, host, boot and start time), so a run killed
// before its cleanup (SIGKILL, a second Ctrl-C) does not leave them forever: the next run on the
// same host removes the images whose run is provably dead. Only images with our labels are ever
// looked at, and only their `docker-cache-bench:` tags are removed; an image someone else tagged
// too keeps that tag (and so stays).
import type { DockerEnv } from "../docker/detect.js";
import { apiCall, apiOrClient, EngineApiError, localSocket } from "../docker/engine-api.js";
import { execCommand, execText } from "../docker/exec.js";
import { liveness, OwnerSchema, type Owner } from "../touch/owner.js";

const PREFIX = "dev.docker-cache-bench.";
export const RUN_LABEL = `${PREFIX}run`;
export const IMAGE_REPO = "docker-cache-bench";

/** `--label` values for the run's builds. */
export function ownerLabels(owner: Owner): Record<string, string> {
  return {
    [RUN_LABEL]: owner.runId,
    [`${PREFIX}pid`]: String(owner.pid),
    [`${PREFIX}host`]: owner.host,
    [`${PREFIX}boot`]: owner.bootId ?? "",
    [`${PREFIX}start`]: owner.startTicks ?? "",
  };
}

export function ownerFromLabels(labels: Record<string, string> | null): Owner | null {
  if (!labels?.[RUN_LABEL]) return null;
  const parsed = OwnerSchema.safeParse({
    runId: labels[RUN_LABEL],
    pid: Number(labels[`${PREFIX}pid`]),
    host: labels[`${PREFIX}host`] ?? "",
    bootId: labels[`${PREFIX}boot`] || null,
    startTicks: labels[`${PREFIX}start`] || null,
  });
  return parsed.success ? parsed.data : null;
}

interface LabelledImage {
  id: string;
  tags: string[];
  owner: Owner | null;
}

/**
 * Removes the images of dead runs on this host; returns what was removed. Needs only the client
 * (not the detected engine), so it can run while the engine is probed.
 */
export async function collectDeadRunImages(docker: string, self: Owner): Promise<string[]> {
  const ids = await listImageIds(docker, [`label=${RUN_LABEL}`]);
  if (!ids.length) return [];
  const removed: string[] = [];
  for (const image of await inspectLabelled(docker, ids)) {
    if (!image.owner || liveness(image.owner, self) !== "dead") continue;
    const ours = image.tags.filter((t) => t.startsWith(`${IMAGE_REPO}:`));
    // An untagged image (an earlier repeat's warm build) goes by id; a tagged one by our tags only.
    const refs = image.tags.length === 0 ? [image.id] : ours;
    for (const ref of refs) {
      const r = await execCommand([docker, "image", "rm", ref]);
      if (r.exitCode === 0) removed.push(ref);
    }
  }
  return removed;
}

/** Our untagged images of this run: the warm images earlier repeats left when the tag moved on. */
export function listRunImages(env: DockerEnv, owner: Owner): Promise<string[]> {
  return listImageIds(env.docker, [`label=${RUN_LABEL}=${owner.runId}`, "dangling=true"]);
}

/** Filters as `key=value` (docker's --filter): through the API on the local socket, else the client. */
async function listImageIds(docker: string, filters: string[]): Promise<string[]> {
  const unique = (ids: string[]) => [...new Set(ids.filter((id) => id.trim()))];
  return apiOrClient(
    localSocket(docker),
    async (socket) => unique(await listImagesApi(socket, filters)),
    async () => {
      const argv = [docker, "image", "ls", "--no-trunc", "--format", "{{.ID}}"];
      for (const f of filters) argv.push("--filter", f);
      return unique((await execText(argv)).split("\n"));
    },
  );
}

/**
 * GET /images/json with docker's filters; the ids. The containerd store's list fails as a whole
 * (404, "content digest …: not found") when an image it is reading is removed meanwhile, as
 * another run on the same daemon may do at any time: asked again, it lists what is left.
 */
export async function listImagesApi(socket: string, filters: string[], tries = 3): Promise<string[]> {
  // The API's form: {"label": {"k=v": true}, "dangling": {"true": true}}.
  const query: Record<string, Record<string, boolean>> = {};
  for (const f of filters) {
    const at = f.indexOf("=");
    (query[f.slice(0, at)] ??= {})[f.slice(at + 1)] = true;
  }
  const path = `/images/json?filters=${encodeURIComponent(JSON.stringify(query))}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const images = (await apiCall(socket, "GET", path)) as { Id?: string }[];
      return images.map((i) => i.Id ?? "");
    } catch (e) {
      if (attempt >= tries || !(e instanceof EngineApiError && e.status === 404)) throw e;
    }
  }
}

async function inspectLabelled(docker: string, ids: string[]): Promise<LabelledImage[]> {
  // One JSON array per image: the template's literal brackets and commas around three json values.
  const format = "[{{json .Id}},{{json .RepoTags}},{{json .Config.Labels}}]";
  // An image removed since the listing makes inspect exit 1 after printing the others.
  const r = await execCommand([docker, "image", "inspect", "--format", format, ...ids], {
    captureStdout: true,
  });
  return r.stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((line) => {
      const [id, tags, labels] = JSON.parse(line) as [string, string[] | null, Record<string, string> | null];
      return { id, tags: tags ?? [], owner: ownerFromLabels(labels) };
    });
}
