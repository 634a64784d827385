#!/usr/bin/env node
import { createRequire as __dcbCreateRequire } from "node:module"; const require = __dcbCreateRequire(import.meta.url);

// src/cli.ts
console.log("docker-cache-bench");
