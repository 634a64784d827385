#!/usr/bin/env node
import { createRequire as __dcbCreateRequire } from "node:module"; const require = __dcbCreateRequire(import.meta.url);
import {
  startEarlyInfo
} from "./chunks/chunk-5F3M7NM6.js";

// src/cli.ts
if (process.argv[2] === "run") startEarlyInfo();
await import("./chunks/main-X2ENE7LH.js");
