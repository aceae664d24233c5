import { stringifyDocument } from "@urql/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { useMutation } from "urql";
import type { PresenceLiveSubscription as PresenceLiveResult } from "../gql/graphql";
import { useLiveConnection } from "../shell/LiveProvider";
import { PresenceLiveSubscription, PresenceUpdateMutation } from "./operations";

export type Viewer = PresenceLiveResult["presence"][number];

// This tab's own id: two tabs of one person are two pages (the server shows the person once).
const CLIENT_ID = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
const SHOW_NAME_KEY = "packline.presence.showName";

export interface PresenceState {
  /** Everyone else who has the order open, earliest first. */
  others: Viewer[];
  /** Those of them editing it now. */
  othersEditing: Viewer[];
  /** Packline's people: whether the merchant's people see their name on this page. */
  showName: boolean;
  setShowName: (show: boolean) => void;
}

/**
 * This tab on an order's page, for everyone else: the `presence` subscription keeps the page open for others while
 * it runs and tells who else is here; `editing` is said with `presenceUpdate` whenever it changes (and again if a
 * reconnect lost it, which the list shows).
 */
export function usePresence(orderId: string | null, editing: boolean): PresenceState {
  const connection = useLiveConnection();
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [showName, setShowNameState] = useState(() => localStorage.getItem(SHOW_NAME_KEY) === "1");
  const [, update] = useMutation(PresenceUpdateMutation);
  const said = useRef<{ editing: boolean; showName: boolean } | null>(null);

  useEffect(() => {
    setViewers([]);
    said.current = null;
    if (!connection || !orderId) return;
    return connection.client.subscribe<PresenceLiveResult>(
      { query: stringifyDocument(PresenceLiveSubscription), variables: { entityId: orderId, clientId: CLIENT_ID } },
      {
        next: ({ data }) => {
          if (!data) return;
          setViewers(data.presence);
          // A new page on the server (first message, or after a reconnect) starts as just viewing.
          const me = data.presence.find((v) => v.isMe);
          if (me && said.current && said.current.editing !== me.editing) said.current = null;
        },
        error: () => setViewers([]),
        complete: () => {},
      },
    );
  }, [connection, orderId]);

  const tell = useCallback(() => {
    if (!orderId || !viewers.some((v) => v.isMe)) return; // not open on the server yet: said once it is
    if (said.current?.editing === editing && said.current.showName === showName) return;
    said.current = { editing, showName };
    void update({ input: { entityId: orderId, clientId: CLIENT_ID, editing, showNameToMerchants: showName } });
  }, [orderId, viewers, editing, showName, update]);
  useEffect(() => {
    // Viewing is the server's default: only an edit or a shown name needs saying.
    if (said.current === null && !editing && !showName) return;
    tell();
  }, [tell, editing, showName]);

  const setShowName = useCallback((show: boolean) => {
    localStorage.setItem(SHOW_NAME_KEY, show ? "1" : "0");
    setShowNameState(show);
  }, []);

  const others = viewers.filter((v) => !v.isMe);
  return { others, othersEditing: others.filter((v) => v.editing), showName, setShowName };
}
