import { useEffect, useRef } from "react";
import type { FeedEvent } from "../activity/store";
import { useEventsOf } from "./LiveProvider";

/**
 * Re-queries when a live event of `topics` arrives that `matches` accepts. Bursts (a receipt books several
 * products at once) are folded into one request.
 */
export function useLiveRefetch(topics: readonly string[], refetch: () => void, matches: (event: FeedEvent) => boolean = () => true) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(refetch);
  useEffect(() => {
    latest.current = refetch;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useEventsOf(topics, (event) => {
    if (!matches(event)) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, 120);
  });
}
