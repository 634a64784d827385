import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "coverage/",
      "test/fixtures/",
      "examples/",
      "reports/",
      ".stryker-tmp/",
      "stryker-setup-*.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Pure modules never reach for the Actions toolkit: they take data and return data.
    files: ["src/progress/**", "src/dockerfile/**", "src/analysis/**", "src/compare/**", "src/report/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["@actions/*", "node:child_process", "node:fs", "node:fs/promises"] },
      ],
    },
  },
);
