import { stringifyDocument } from "@urql/core";
import { useEffect, useState } from "react";
import type { DashboardFiguresFragment, DashboardLiveSubscription } from "../../gql/graphql";
import { useLiveConnection } from "../../shell/LiveProvider";
import { DashboardLiveSubscription as DashboardLive } from "../list/listOperations";

export interface DashboardState {
  figures: DashboardFiguresFragment | null;
  /** When (epoch ms, this browser's clock) the figures arrived. */
  receivedAt: number;
  error: string | null;
}

const EMPTY: DashboardState = { figures: null, receivedAt: 0, error: null };

/**
 * The `dashboard` subscription on the session's websocket: a snapshot at once, then a new one within a second of
 * every order change. After a dropped connection graphql-ws subscribes again and the server starts with a fresh
 * snapshot, so nothing is missed. `merchantId` is the operator's merchant scope (null: every merchant, or a
 * merchant user's own).
 */
export function useDashboardLive(merchantId: string | null): DashboardState {
  const connection = useLiveConnection();
  const [state, setState] = useState<DashboardState & { scope: string | null }>({ ...EMPTY, scope: merchantId });

  useEffect(() => {
    if (!connection) return;
    const dispose = connection.client.subscribe<DashboardLiveSubscription>(
      { query: stringifyDocument(DashboardLive), variables: { merchantId } },
      {
        next: ({ data, errors }) => {
          if (data) setState({ figures: data.dashboard, receivedAt: Date.now(), error: null, scope: merchantId });
          else if (errors?.length) setState((s) => ({ ...s, error: errors.map((e) => e.message).join("; "), scope: merchantId }));
        },
        error: (error) => {
          // The session's end (4403) is handled by the connection itself; anything else is shown.
          const message = error instanceof Error ? error.message : Array.isArray(error) ? error.map((e) => String(e.message)).join("; ") : "";
          if (message) setState((s) => ({ ...s, error: message, scope: merchantId }));
        },
        complete: () => {},
      },
    );
    return dispose;
  }, [connection, merchantId]);

  // Figures of another scope (just switched) are not shown as this one's.
  return state.scope === merchantId ? state : EMPTY;
}
