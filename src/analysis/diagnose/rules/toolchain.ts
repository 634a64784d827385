// toolchain-in-final-image: compilers, build tools and -dev headers installed in a layer of the
// final image. They are needed to build, not to run; a multi-stage build leaves them behind.
// https://docs.docker.com/build/building/multi-stage/
import type { Instruction, Stage } from "../../../dockerfile/index.js";
import { formatBytes } from "../../../report/format.js";
import type { Finding } from "../../../report/schema.js";
import { makeFinding, type DiagnosisContext } from "../context.js";
import { asPip, runCommands } from "../shell.js";
import { isToolchainPackage, removedInSameRun, systemInstalls, type SystemInstall } from "../packages.js";
import { instructionText, quote } from "../text.js";

export const TOOLCHAIN_IN_FINAL_IMAGE = "toolchain-in-final-image";

/** 50 MB: below this the toolchain is a notice, not a warning. */
export const LARGE_TOOLCHAIN_BYTES = 50_000_000;

/** Metadata the running container needs, which the final stage keeps. */
const RUNTIME_KEYWORDS = new Set([
  "ENV",
  "EXPOSE",
  "USER",
  "CMD",
  "ENTRYPOINT",
  "HEALTHCHECK",
  "LABEL",
  "STOPSIGNAL",
  "VOLUME",
]);

/** Toolchain images have a smaller sibling to run in. */
const RUNTIME_BASE: [RegExp, string][] = [
  [/^(docker\.io\/)?(library\/)?golang(:|$)/, "gcr.io/distroless/static-debian12"],
  [/^(docker\.io\/)?(library\/)?(rust|gcc)(:|$)/, "debian:bookworm-slim"],
  [/^(docker\.io\/)?(library\/)?maven(:|$)/, "eclipse-temurin:21-jre"],
];

export function toolchainInFinalImage(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of ctx.imageStages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== "RUN") continue;
      const removed = removedInSameRun(ins);
      const installs = systemInstalls(ins);
      const tools = installs
        .flatMap((i) => i.packages)
        .filter((p) => isToolchainPackage(p) && !removed.has(p));
      if (!tools.length) continue;
      const layer = ctx.layerOf(ins);
      const size = layer ? `; the layer that installs them is ${formatBytes(layer.sizeBytes)}` : "";
      findings.push(
        makeFinding({
          rule: TOOLCHAIN_IN_FINAL_IMAGE,
          line: ins.line,
          severity: layer && layer.sizeBytes >= LARGE_TOOLCHAIN_BYTES ? "warning" : "notice",
          message: `${quote(ins)} installs ${[...new Set(tools)].join(", ")} into the final image${size}. They are needed to build, not to run.`,
          fix: multiStageSketch(ctx.imageStages, ins, installs, new Set(tools)).join("\n"),
          seconds: null,
          bytes: layer ? layer.sizeBytes : null,
        }),
      );
    }
  }
  return findings;
}

/** The same instructions in a build stage, then a final stage that copies only the results. */
function multiStageSketch(
  stages: Stage[],
  ins: Instruction,
  installs: SystemInstall[],
  tools: Set<string>,
): string[] {
  const root = stages[0] as Stage;
  const all = stages.flatMap((s) => s.instructions);
  const python = all.some((i) => runCommands(i).some((c) => asPip(c)?.[1] === "install"));
  const firstPip = all.find((i) => runCommands(i).some((c) => asPip(c)?.[1] === "install"));
  const workdir = all
    .filter((i) => i.keyword === "WORKDIR")
    .at(-1)
    ?.args.trim();

  const build = [`FROM ${root.base} AS build`];
  for (const i of all) {
    if (RUNTIME_KEYWORDS.has(i.keyword) && i.keyword !== "ENV") continue;
    if (python && i === firstPip)
      build.push("RUN python -m venv /opt/venv", 'ENV PATH="/opt/venv/bin:$PATH"');
    build.push(instructionText(i));
  }

  const runtimeBase = RUNTIME_BASE.find(([re]) => re.test(root.baseResolved))?.[1];
  const final = ["", runtimeBase ? `FROM ${runtimeBase}` : `FROM ${root.base}`];
  if (runtimeBase) final.push(`# (${root.baseResolved} is itself a toolchain image)`);
  final.push(...runtimePackages(installs, tools));
  if (python) final.push("COPY --from=build /opt/venv /opt/venv", 'ENV PATH="/opt/venv/bin:$PATH"');
  if (workdir && workdir.startsWith("/"))
    final.push(`WORKDIR ${workdir}`, `COPY --from=build ${workdir} ${workdir}`);
  else final.push("# COPY --from=build <what the app needs at run time> <where>");
  for (const i of all) {
    if (RUNTIME_KEYWORDS.has(i.keyword)) final.push(instructionText(i));
  }
  const note = `# line ${ins.line}'s toolchain stays in the build stage`;
  return [note, ...build, ...final];
}

/** The packages of the same installs that are not toolchain: the running app may need them. */
function runtimePackages(installs: SystemInstall[], tools: Set<string>): string[] {
  const out: string[] = [];
  const headers = [...tools].filter((t) => /-(dev|devel)$/.test(t));
  if (headers.length) out.push(`# plus the run-time library of each -dev package: ${headers.join(", ")}`);
  for (const manager of ["apt-get", "apk", "yum"] as const) {
    const pkgs = installs
      .filter((i) => i.manager === manager)
      .flatMap((i) => i.packages.filter((p) => !tools.has(p)));
    if (!pkgs.length) continue;
    const list = [...new Set(pkgs)].join(" ");
    if (manager === "apt-get") {
      out.push(
        `RUN apt-get update && apt-get install -y --no-install-recommends ${list} && rm -rf /var/lib/apt/lists/*`,
      );
    } else if (manager === "apk") {
      out.push(`RUN apk add --no-cache ${list}`);
    } else {
      out.push(`RUN yum install -y ${list} && yum clean all`);
    }
  }
  return out;
}
