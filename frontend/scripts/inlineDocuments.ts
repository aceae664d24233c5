// A build step for the GraphQL documents. codegen's `graphql()` (src/gql/gql.ts) looks a document up in one
// table that imports every document of the dashboard, so whichever chunk holds it holds them all, and the first
// page load carried every page's queries (a third of the old main chunk). This plugin replaces each
// graphql(`…`) call with the document codegen generated for it (src/gql/graphql.ts), so a document travels with
// the page that uses it — what the client preset's Babel plugin does, for a build without Babel. TypeScript, the
// dev server and the unit tests still see graphql() and its types; only the production build changes.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "vite";

const CALL = /\bgraphql\(`([^`]*)`\)/g;
// gql.ts: `    "<source as a JSON string>": types.UsersDocument,` (its lookup table)
const TABLE_ROW = /^\s*("(?:[^"\\]|\\.)*"): types\.(\w+),$/gm;
// graphql.ts: `export const UsersDocument = {…} as unknown as DocumentNode<…>;`
const DOCUMENT = /^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*$/gm;

/** The document (as a JavaScript object literal) for each source text codegen has seen. */
export function generatedDocuments(gqlDir: string): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const [, name, json] of readFileSync(join(gqlDir, "graphql.ts"), "utf8").matchAll(DOCUMENT)) bodies.set(name!, json!);
  const documents = new Map<string, string>();
  for (const [, source, name] of readFileSync(join(gqlDir, "gql.ts"), "utf8").matchAll(TABLE_ROW)) {
    const body = bodies.get(name!);
    if (body) documents.set(JSON.parse(source!) as string, body);
  }
  if (documents.size === 0) throw new Error(`inline-documents: no documents found in ${gqlDir} (has codegen's output changed shape?)`);
  return documents;
}

export function inlineDocuments(gqlDir: string): Plugin {
  let documents = new Map<string, string>();
  return {
    name: "packline-inline-documents",
    apply: "build",
    enforce: "pre",
    buildStart() {
      documents = generatedDocuments(gqlDir);
    },
    transform(code, id) {
      if (id.startsWith(gqlDir) || !/\.tsx?$/.test(id) || !code.includes("graphql(`")) return null;
      const replaced = code.replace(CALL, (_call, source: string) => {
        // A template literal's text is its value unless it escapes or interpolates; documents do neither.
        if (source.includes("\\") || source.includes("${")) this.error(`${id}: a graphql() document with \\ or \${…} cannot be inlined`);
        const document = documents.get(source);
        if (!document) this.error(`${id}: a graphql() document that src/gql/ does not know: run npm run codegen`);
        return `(${document})`;
      });
      return { code: replaced, map: null };
    },
  };
}
