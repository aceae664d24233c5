import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";

/** The value of the Authorization header the person typed into GraphiQL's headers editor, if any. */
export function authorizationOf(headers: Record<string, unknown> | undefined): string | undefined {
  const found = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === "authorization")?.[1];
  return typeof found === "string" && found.trim() ? found.trim() : undefined;
}

/** The websocket address of an http(s) one: ws: for http:, wss: for https:. */
export function websocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.hash = "";
  return url.toString();
}

/**
 * GraphiQL's fetcher for this API: queries and mutations over HTTP with the headers typed into GraphiQL,
 * subscriptions over graphql-transport-ws, which the API authenticates with the `connection_init` payload
 * `{authorization: "Bearer <token>"}` rather than headers. One websocket client per Authorization value.
 */
export function packlineFetcher(url: string): Fetcher {
  const byAuthorization = new Map<string, Fetcher>();
  return (params, options) => {
    const authorization = authorizationOf(options?.headers);
    const key = authorization ?? "";
    let fetcher = byAuthorization.get(key);
    if (!fetcher) {
      fetcher = createGraphiQLFetcher({
        url,
        subscriptionUrl: websocketUrl(url),
        wsConnectionParams: authorization ? { authorization } : {},
      });
      byAuthorization.set(key, fetcher);
    }
    return fetcher(params, options);
  };
}
