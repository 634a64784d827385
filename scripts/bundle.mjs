// Bundles the two entry points into dist/ as ESM. @actions/* v3+ are ESM-only but some of their
// dependencies still call require("net") etc.; the createRequire banner gives the bundle a real
// `require` so those calls work on node20 and node24 alike.
import { build } from "esbuild";
import { rmSync } from "node:fs";

rmSync("dist", { recursive: true, force: true });
await build({
  entryPoints: { main: "src/main.ts", cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".js" },
  legalComments: "none",
  logLevel: "warning",
  banner: {
    js: 'import { createRequire as __dcbCreateRequire } from "node:module"; const require = __dcbCreateRequire(import.meta.url);',
  },
});
