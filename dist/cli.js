#!/usr/bin/env node
import { createRequire as __dcbCreateRequire } from "node:module"; const require = __dcbCreateRequire(import.meta.url);
import {
  startEarlyInfo
} from "./chunks/chunk-C6J2NVIC.js";

// src/cli.ts
if (process.argv[2] === "run") startEarlyInfo();
await import("./chunks/main-PNUZNNEW.js");
