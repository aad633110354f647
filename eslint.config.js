// Lint is part of the test command. Beyond the recommended rules it enforces the architecture's boundaries:
// operator/ and runner/ never import each other, and crds/ (the shared API and runner contract) imports only zod.
import tseslint from "typescript-eslint";

const crossing = (name, forbidden) => ({
  files: [`${name}/**/*.ts`],
  rules: {
    "no-restricted-imports": ["error", { patterns: forbidden.map((f) => ({ group: [`**/${f}/**`, `${f}/**`], message: `${name}/ must not import ${f}/ (shared things live in crds/).` })) }],
  },
});

export default tseslint.config(
  { ignores: ["node_modules/**", "test-results/**", "demo-output/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  crossing("operator", ["runner", "test", "bench"]),
  crossing("runner", ["operator", "test", "bench"]),
  crossing("crds", ["operator", "runner", "test", "bench"]),
);
