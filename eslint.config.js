// The lint rules that matter here, checked with type information (CI runs `npm run lint`):
// - no floating promises: an unawaited storage write, alarm or send is how an actor loses
//   work at an eviction (STYLE.md); hand a promise to waitUntil, await it, or `void` it on purpose;
// - no `any`: every boundary is typed (zod at the edge, unions inside);
// - type-only imports say so (`import type`, `type X`), matching verbatimModuleSyntax.
// Svelte components are type-checked by svelte-check instead.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "ui/.svelte-kit/", "ui/build/", "**/.wrangler/", ".data/", "test-results/", "worker/worker-configuration.d.ts"] },
  {
    files: ["**/*.ts"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "inline-type-imports" }],
    },
  },
  {
    // Tests read arbitrary JSON answers to assert on them; the response schemas are checked
    // route by route in tests/workers/response-contract.test.ts instead.
    files: ["tests/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
