// The GraphQL client for queries and mutations over HTTP (urql), one per session so no cache outlives it.
import { Client, cacheExchange, CombinedError, fetchExchange, mapExchange } from "@urql/core";

/** An expected failure from a mutation payload (`errors: [UserError!]!`). */
export interface ApiUserError {
  field?: string | null;
  message: string;
  code: string;
}

export function errorCode(error: CombinedError | undefined): string | undefined {
  const first = error?.graphQLErrors.find((e) => typeof e.extensions?.code === "string");
  return first?.extensions?.code as string | undefined;
}

export function isUnauthenticated(error: CombinedError | undefined): boolean {
  return error?.graphQLErrors.some((e) => e.extensions?.code === "UNAUTHENTICATED") ?? false;
}

export interface ApiClientOptions {
  token: string | null;
  onSessionEnded?: () => void;
  url?: string;
}

export function createApiClient({ token, onSessionEnded, url = "/graphql" }: ApiClientOptions): Client {
  return new Client({
    url,
    preferGetMethod: false,
    requestPolicy: "cache-and-network",
    fetchOptions: (): RequestInit => ({
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          // The token expired or was revoked on the server: the session is over, whatever page asked.
          if (token && isUnauthenticated(error)) onSessionEnded?.();
        },
      }),
      fetchExchange,
    ],
  });
}
