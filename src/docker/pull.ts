// Pulls the base images a build starts from, before anything is timed. With `baseline: build`
// the head is built first, so without this its cold build alone would pay for the pull and the
// base's would find the images local: a "cold build +15s" on every PR that is not the PR's doing.
import { readFile } from "node:fs/promises";
import { parseDockerfile, stagesForTarget } from "../dockerfile/index.js";
import { execCommand } from "./exec.js";

export interface PullRequest {
  docker: string;
  dockerfilePath: string;
  target: string | null;
  buildArgs: Record<string, string>;
  platform: string | null;
}

/** External images of the stages that reach the target: not `scratch`, not another stage. */
export function externalBaseImages(
  text: string,
  target: string | null,
  buildArgs: Record<string, string>,
): string[] {
  const model = parseDockerfile(text, { buildArgs });
  const stageNames = new Set(model.stages.map((s) => s.name).filter((n): n is string => n !== null));
  const images = stagesForTarget(model, target ?? undefined, buildArgs)
    .map((s) => s.baseResolved)
    .filter((b) => b !== "scratch" && !stageNames.has(b.toLowerCase()) && !/\$/.test(b));
  return [...new Set(images)];
}

/** Best effort: an image that cannot be pulled (offline, local-only, private) is simply skipped. */
export async function prepullBaseImages(req: PullRequest, onInfo: (m: string) => void): Promise<void> {
  const text = await readFile(req.dockerfilePath, "utf8").catch(() => null);
  if (text === null) return;
  for (const image of externalBaseImages(text, req.target, req.buildArgs)) {
    const argv = [
      req.docker,
      "pull",
      "--quiet",
      ...(req.platform ? ["--platform", req.platform] : []),
      image,
    ];
    const r = await execCommand(argv).catch(() => null);
    onInfo(
      r?.exitCode === 0
        ? `pulled ${image} before timing`
        : `could not pull ${image}; using the local copy if any`,
    );
  }
}
