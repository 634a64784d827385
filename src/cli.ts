#!/usr/bin/env node
// CLI entry. For `run`, `docker info` is started before the rest of the tool is loaded: compiling
// the bundle takes ~0.13 s, and detection then finds the answer ready instead of starting the
// client only after it (see src/docker/early-info.ts).
import { startEarlyInfo } from "./docker/early-info.js";

if (process.argv[2] === "run") startEarlyInfo();
await import("./cli/main.js");
