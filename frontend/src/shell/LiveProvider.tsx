import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { LiveConnection, LiveFeed, type ConnectionState } from "../api/live";
import { useAuth, useSignedIn } from "../auth/AuthProvider";
import { FeedStore, type FeedEvent, type ScopeKey } from "../activity/store";

interface Live {
  connection: LiveConnection | null;
  store: FeedStore;
}

const LiveContext = createContext<Live | null>(null);

/** One websocket and one feed per session, following the merchant scope the header selects. */
export function LiveProvider({ scope, children }: { scope: ScopeKey; children: ReactNode }) {
  const { session } = useSignedIn();
  const { endSession } = useAuth();
  const [store] = useState(() => new FeedStore());
  const [live, setLive] = useState<{ connection: LiveConnection; feed: LiveFeed } | null>(null);

  useEffect(() => {
    let ended = false;
    const connection = new LiveConnection({
      token: session.token,
      onSessionEnded: () => {
        if (!ended) endSession(Date.parse(session.expiresAt) <= Date.now() ? "expired" : "ended");
      },
    });
    const feed = new LiveFeed(connection, store, (error) => {
      // An error on the stream itself (not the connection): keep it visible to whoever debugs.
      console.info("live feed error", error);
    });
    setLive({ connection, feed });
    return () => {
      ended = true;
      feed.dispose();
      connection.dispose();
    };
  }, [session, store, endSession]);

  useEffect(() => {
    live?.feed.setScope(scope);
  }, [live, scope]);

  return <LiveContext.Provider value={{ connection: live?.connection ?? null, store }}>{children}</LiveContext.Provider>;
}

function useLive(): Live {
  const value = useContext(LiveContext);
  if (!value) throw new Error("useLive outside LiveProvider");
  return value;
}

/** The session's websocket (null until it is set up), for pages that run their own subscriptions on it. */
export function useLiveConnection(): LiveConnection | null {
  return useLive().connection;
}

export function useConnectionState(): ConnectionState {
  const { connection } = useLive();
  return useSyncExternalStore(
    (onChange) => connection?.onState(onChange) ?? (() => {}),
    () => connection?.getState() ?? "connecting",
  );
}

export function useFeed(scope: ScopeKey): FeedEvent[] {
  const { store } = useLive();
  useSyncExternalStore(
    (onChange) => store.subscribe(onChange),
    () => store.snapshotVersion(),
  );
  return store.list(scope);
}

/** Calls `onEvent` for each new event of the given topics (pages refresh their lists with it). */
export function useEventsOf(topics: readonly string[], onEvent: (event: FeedEvent) => void): void {
  const { store } = useLive();
  const callback = useRef(onEvent);
  useEffect(() => {
    callback.current = onEvent;
  });
  const key = topics.join(",");
  useEffect(() => {
    const wanted = new Set(key.split(","));
    let seen = store.list("all")[0]?.seq ?? 0;
    return store.subscribe(() => {
      seen = Math.max(seen, store.historyThrough());
      const fresh = store.list("all").filter((e) => e.seq > seen);
      if (!fresh.length) return;
      seen = fresh[0]!.seq;
      for (const event of fresh.reverse()) if (wanted.has(event.topic)) callback.current(event);
    });
  }, [store, key]);
}
