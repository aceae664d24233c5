import { useMemo, useState } from "react";
import type { OrderListRowFragment } from "../../gql/graphql";
import { useEventsOf } from "../../shell/LiveProvider";
import { useMerchantScope } from "../../shell/MerchantScope";
import { ALL } from "../../activity/store";
import { applyPatches, mergePatch, patchFromEvent, useThrottled, type OrderPatch } from "./liveRows";

/** How often, at most, a busy stream of order events re-queries a list. */
export const REFETCH_INTERVAL_MS = 1000;

/**
 * Rows that follow ORDER events of the header's merchant scope (the session's event stream, `events` on the
 * websocket): a row's status and payment change the moment its event arrives, and `refetch` runs (throttled)
 * so that orders entering or leaving the list's filter, and everything the events do not carry, catch up.
 */
export function useLiveOrderRows(rows: readonly OrderListRowFragment[] | undefined, refetch: () => void): OrderListRowFragment[] {
  const { scope } = useMerchantScope();
  const [patches, setPatches] = useState<ReadonlyMap<string, OrderPatch>>(() => new Map());
  const refresh = useThrottled(refetch, REFETCH_INTERVAL_MS);
  useEventsOf(["ORDER"], (event) => {
    if (scope !== ALL && event.merchantId !== scope) return;
    const found = patchFromEvent(event);
    // Only rows on screen are patched (the map stays as small as the page); the re-query brings the others.
    if (found && rows?.some((row) => row.id === found.orderId)) setPatches((current) => mergePatch(current, found.orderId, found.patch));
    refresh();
  });
  return useMemo(() => applyPatches(rows ?? [], patches), [rows, patches]);
}
