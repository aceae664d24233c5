import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";
import { inlineDocuments } from "./scripts/inlineDocuments";

// The API the dev server forwards /graphql to (HTTP and websocket); `make run` serves on 8000.
const api = process.env.PACKLINE_API ?? "http://127.0.0.1:8000";

// A strict Content-Security-Policy for the production build: scripts only from our own origin, so an injected
// <script> or inline handler cannot run and read the session token. (The dev server needs inline scripts.)
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
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

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), inlineDocuments(fileURLToPath(new URL("./src/gql/", import.meta.url)))],
  build: {
    target: "es2022",
    sourcemap: false,
    assetsInlineLimit: 0,
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
