// GraphiQL for the API, built with the dashboard (a second Vite entry, graphiql.html) so that it needs nothing
// from outside: the API serves it at GET /graphql to a browser outside production, under the dashboard's
// Content-Security-Policy (scripts and styles from this origin only, no inline scripts).
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { packlineFetcher } from "./fetcher";
import "./graphiql.css";

const DEFAULT_QUERY = `# Packline's GraphQL API. Sign in with
#
#   mutation { login(input: {email: "…", password: "…"}) { token errors { message } } }
#
# and put the token into Headers below: {"Authorization": "Bearer <token>"}
# Run with Ctrl-Enter.

{
  __typename
}
`;

const fetcher = packlineFetcher(new URL("/graphql", window.location.href).toString());

createRoot(document.getElementById("graphiql")!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} isHeadersEditorEnabled shouldPersistHeaders />
  </StrictMode>,
);
