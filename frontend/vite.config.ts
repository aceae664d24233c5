import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";
import { inlineDocuments } from "./scripts/inlineDocuments";

// The API the dev server forwards /graphql to (HTTP and websocket); `make run` serves on 8000.
const api = process.env.PACKLINE_API ?? "http://127.0.0.1:8000";

// A strict Content-Security-Policy for the production build: scripts only from our own origin, so an injected
// <script> or inline handler cannot run and read the session token. (The dev server needs inline scripts.)
// 'wasm-unsafe-eval' lets the picker app compile its barcode reader's WebAssembly (served from our origin); it
// allows no JavaScript eval.
// The API sends the same policy as a header, plus frame-ancestors 'none' (backend/headers.py; a backend test
// compares the two).
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

function contentSecurityPolicy(): Plugin {
  return {
    name: "packline-csp",
    apply: "build",
    transformIndexHtml: (html) =>
      html.replace(/(<meta charset="UTF-8" \/>)/, `$1\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

// GraphiQL's stylesheet carries its fonts inline as data: URLs, which `font-src 'self'` refuses. In the build they
// become files of their own (hashed assets, like every other), referenced by the stylesheet.
function fontsAsFiles(): Plugin {
  const inlineFont = /url\((["']?)data:font\/(woff2?);base64,([A-Za-z0-9+/=]+)\1\)/g;
  return {
    name: "packline-fonts-as-files",
    apply: "build",
    enforce: "pre",
    transform(code, id) {
      if (!id.endsWith(".css") || !code.includes("data:font/")) return null;
      return code.replace(inlineFont, (_match, _quote, extension: string, data: string) => {
        const reference = this.emitFile({ type: "asset", name: `font.${extension}`, source: Buffer.from(data, "base64") });
        return `url(__VITE_ASSET__${reference}__)`;
      });
    },
  };
}

export default defineConfig({
  plugins: [
    react(), contentSecurityPolicy(), fontsAsFiles(),
    inlineDocuments(fileURLToPath(new URL("./src/gql/", import.meta.url))),
  ],
  build: {
    target: "es2022",
    sourcemap: false,
    assetsInlineLimit: 0,
    // GraphiQL's own chunk (about 790 kB, 260 kB gzip) is loaded only by the GraphiQL page, never by the dashboard
    // (scripts/bundle-size.mjs keeps the dashboard's budget).
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      onwarn(warning, warn) {
        // react-compiler-runtime (a GraphiQL dependency) opens with "use no memo", which a bundle cannot keep.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE" && warning.id?.includes("react-compiler-runtime")) return;
        warn(warning);
      },
      // The dashboard, and GraphiQL, which the API serves at GET /graphql outside production (src/graphiql/).
      input: {
        main: fileURLToPath(new URL("./index.html", import.meta.url)),
        graphiql: fileURLToPath(new URL("./graphiql.html", import.meta.url)),
      },
    },
    manifest: true, // the chunk graph, for scripts/bundle-size.mjs (which removes it)
  },
  server: {
    proxy: {
      "/graphql": {
        target: api,
        ws: true,
        changeOrigin: true,
        configure: (proxy) => {
          // The API accepts websockets from its own origin; present the proxied socket as same-origin.
          proxy.on("proxyReqWs", (proxyReq) => proxyReq.setHeader("origin", api));
        },
      },
    },
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "node",
  },
});
