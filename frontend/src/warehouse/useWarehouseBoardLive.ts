import { stringifyDocument } from "@urql/core";
import { useEffect, useState } from "react";
import type { WarehouseBoardFiguresFragment, WarehouseBoardLiveSubscription } from "../gql/graphql";
import { useLiveConnection } from "../shell/LiveProvider";
import { WarehouseBoardLiveSubscription as BoardLive } from "./operations";

export interface BoardState {
  figures: WarehouseBoardFiguresFragment | null;
  error: string | null;
}

const EMPTY: BoardState = { figures: null, error: null };

/**
 * The `warehouseBoard` subscription on the session's websocket: the board at once, then again within a second of
 * every order, picklist or parcel change, and every minute as the cut-offs come nearer. After a dropped connection
 * graphql-ws subscribes again and the server starts with a fresh board.
 */
export function useWarehouseBoardLive(warehouseId: string | null): BoardState {
  const connection = useLiveConnection();
  const [state, setState] = useState<BoardState & { warehouseId: string | null }>({ ...EMPTY, warehouseId });

  useEffect(() => {
    if (!connection || !warehouseId) return;
    const dispose = connection.client.subscribe<WarehouseBoardLiveSubscription>(
      { query: stringifyDocument(BoardLive), variables: { warehouseId } },
      {
        next: ({ data, errors }) => {
          if (data) setState({ figures: data.warehouseBoard, error: null, warehouseId });
          else if (errors?.length) setState((s) => ({ ...s, error: errors.map((e) => e.message).join("; "), warehouseId }));
        },
        error: (error) => {
          const message = error instanceof Error ? error.message : Array.isArray(error) ? error.map((e) => String(e.message)).join("; ") : "";
          if (message) setState((s) => ({ ...s, error: message, warehouseId }));
        },
        complete: () => {},
      },
    );
    return dispose;
  }, [connection, warehouseId]);

  // Another warehouse's figures (just switched) are not shown as this one's.
  return state.warehouseId === warehouseId ? state : EMPTY;
}
