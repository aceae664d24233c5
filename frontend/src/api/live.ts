// The websocket (graphql-transport-ws) that carries live events, and its state for the connection indicator.
import { stringifyDocument } from "@urql/core";
import { createClient, type Client } from "graphql-ws";
import type { EventsSubscription as EventsData, RecentEventsQuery as RecentEventsData } from "../gql/graphql";
import { ALL, type FeedStore, type ScopeKey } from "../activity/store";
import { EventsSubscription, RecentEventsQuery } from "./operations";

/** How many past events the feed shows when it opens. */
export const RECENT_EVENTS = 20;

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

/** The server closes with 4403 when the token is missing, expired or revoked: the session has ended. */
export const SESSION_ENDED = 4403;

export function graphqlWsUrl(location: Location = window.location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/graphql`;
}

/** Wait before reconnect attempt n (0-based): quick at first, then at most every 5 s, with jitter. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(250 * 2 ** attempt, 5000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

function closeCode(value: unknown): number | undefined {
  if (typeof value === "object" && value !== null && "code" in value && typeof value.code === "number") return value.code;
  return undefined;
}

export interface LiveOptions {
  token: string;
  onSessionEnded: () => void;
  url?: string;
}

export class LiveConnection {
  readonly client: Client;
  private state: ConnectionState = "connecting";
  private everConnected = false;
  private listeners = new Set<(state: ConnectionState) => void>();
  private cleanups: (() => void)[] = [];
  private disposed = false;

  constructor(private readonly options: LiveOptions) {
    this.client = createClient({
      url: options.url ?? graphqlWsUrl(),
      connectionParams: { authorization: `Bearer ${options.token}` },
      lazy: false,
      keepAlive: 10_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, retryDelay(attempt))),
      shouldRetry: (event) => {
        if (closeCode(event) === SESSION_ENDED) {
          this.sessionEnded();
          return false;
        }
        return !this.disposed;
      },
      onNonLazyError: () => {
        /* fatal: reported through shouldRetry (4403) or by dispose() */
      },
      on: {
        connecting: () => this.setState(this.everConnected ? this.disconnectedState() : "connecting"),
        connected: () => {
          this.everConnected = true;
          this.setState("live");
        },
        closed: (event) => {
          if (closeCode(event) === SESSION_ENDED) this.sessionEnded();
          else if (!this.disposed) this.setState(this.disconnectedState());
        },
      },
    });
    const update = () => {
      if (this.state !== "live") this.setState(this.disconnectedState());
    };
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    this.cleanups.push(() => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    });
  }

  private disconnectedState(): ConnectionState {
    return navigator.onLine === false ? "offline" : this.everConnected ? "reconnecting" : "connecting";
  }

  private sessionEnded(): void {
    if (this.disposed) return;
    this.options.onSessionEnded();
  }

  getState(): ConnectionState {
    return this.state;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  dispose(): void {
    this.disposed = true;
    for (const cleanup of this.cleanups) cleanup();
    this.listeners.clear();
    void this.client.dispose();
  }
}

/**
 * Follows the event stream of one scope into a FeedStore. The first time a scope is followed it loads the recent
 * past (`recentEvents`) and subscribes from the `headSeq` that came with it; after a dropped connection it
 * subscribes anew with afterSeq = the last seq seen, so the server replays exactly what was missed (no gap, no
 * duplicate) — also when the connection dropped before the first live event.
 */
export class LiveFeed {
  private unsubscribe: (() => void) | null = null;
  private stopListening: (() => void)[] = [];
  private scope: ScopeKey = ALL;

  constructor(
    private readonly live: LiveConnection,
    private readonly store: FeedStore,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    const { client } = live;
    // On a drop, forget the subscription (graphql-ws would re-send it with its original afterSeq) ...
    this.stopListening.push(client.on("closed", () => this.drop()));
    // ... and on the next connection subscribe again from where the stream stopped.
    this.stopListening.push(client.on("connected", () => this.follow()));
  }

  setScope(scope: ScopeKey): void {
    if (scope === this.scope && this.unsubscribe) return;
    this.scope = scope;
    this.drop();
    this.follow();
  }

  private follow(): void {
    if (this.unsubscribe) return;
    if (this.store.resumeAfter(this.scope) === null) this.loadRecent(this.scope);
    else this.subscribe(this.scope);
  }

  /** The recent past over the same websocket, then the live stream from where that answer ended. */
  private loadRecent(scope: ScopeKey): void {
    let answer: RecentEventsData["recentEvents"] | null = null;
    const variables = { first: RECENT_EVENTS, merchantId: scope === ALL ? null : scope };
    const handle: () => void = this.live.client.subscribe<RecentEventsData>(
      { query: stringifyDocument(RecentEventsQuery), variables },
      {
        next: ({ data, errors }) => {
          if (data?.recentEvents) answer = data.recentEvents;
          if (errors?.length) this.onError(errors);
        },
        error: (error) => {
          if (this.unsubscribe !== handle) return;
          this.unsubscribe = null;
          if (closeCode(error) === SESSION_ENDED) return;
          this.onError(error);
          this.subscribe(scope); // without the past, but live from now on
        },
        complete: () => {
          if (this.unsubscribe !== handle) return; // dropped meanwhile: the next connection starts over
          this.unsubscribe = null;
          if (answer) this.store.seed(answer.events, answer.headSeq, scope);
          this.subscribe(scope);
        },
      },
    );
    this.unsubscribe = handle;
  }

  private subscribe(scope: ScopeKey): void {
    const variables = { afterSeq: this.store.resumeAfter(scope), merchantId: scope === ALL ? null : scope };
    const handle: () => void = this.live.client.subscribe<EventsData>(
      { query: stringifyDocument(EventsSubscription), variables },
      {
        next: ({ data, errors }) => {
          if (data?.events) this.store.add(data.events, scope);
          if (errors?.length) this.onError(errors);
        },
        error: (error) => {
          if (this.unsubscribe === handle) this.unsubscribe = null;
          if (closeCode(error) !== SESSION_ENDED) this.onError(error);
        },
        complete: () => {
          /* ended by drop() or by the connection closing for good */
        },
      },
    );
    this.unsubscribe = handle;
  }

  private drop(): void {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    unsubscribe?.();
  }

  dispose(): void {
    for (const stop of this.stopListening) stop();
    this.drop();
  }
}
