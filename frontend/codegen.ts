import type { CodegenConfig } from "@graphql-codegen/cli";

// Types for every operation, generated from the committed contract at the repository root.
// `npm run codegen:check` fails when src/gql/ is stale.
const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          BigInt: "number",
          DateTime: "string",
          Date: "string",
          JSON: "Record<string, unknown>",
        },
      },
    },
  },
};

export default config;
