import { stringifyDocument } from "@urql/core";
import { useEffect, useRef } from "react";
import type { EventTopic, OrderPageEventsSubscription as EventsData } from "../gql/graphql";
import { useLiveConnection } from "../shell/LiveProvider";
import { OrderPageEventsSubscription } from "./operations";

export type LiveEvent = EventsData["events"];

/**
 * Follows `events(topics, merchantId)` on the session's websocket while `enabled`, calling `onEvent` for each.
 * Its own subscription rather than the header's feed: the page needs the order's merchant whatever merchant the
 * header shows. The stream starts now (no replay); after a dropped connection `onResumed` lets the page
 * re-read what it shows, since events of the gap are not replayed to it.
 */
export function useLiveEvents(options: {
  topics: readonly EventTopic[];
  merchantId: string | null | undefined;
  enabled?: boolean;
  onEvent: (event: LiveEvent) => void;
  onResumed?: () => void;
}): void {
  const connection = useLiveConnection();
  const handlers = useRef(options);
  useEffect(() => {
    handlers.current = options;
  });
  const { merchantId, enabled = true } = options;
  const topicKey = options.topics.join(",");
  useEffect(() => {
    if (!connection || !enabled || !merchantId) return;
    const client = connection.client;
    let dropped = false;
    const stopClosed = client.on("closed", () => {
      dropped = true;
    });
    const stopConnected = client.on("connected", () => {
      if (!dropped) return;
      dropped = false;
      handlers.current.onResumed?.();
    });
    const unsubscribe = client.subscribe<EventsData>(
      { query: stringifyDocument(OrderPageEventsSubscription), variables: { topics: topicKey.split(","), merchantId } },
      {
        next: ({ data }) => {
          if (data?.events) handlers.current.onEvent(data.events);
        },
        error: (error) => {
          // The connection's own state shows in the header; keep the detail for whoever debugs.
          console.info("live order events ended", error);
        },
        complete: () => {},
      },
    );
    return () => {
      stopClosed();
      stopConnected();
      unsubscribe();
    };
  }, [connection, enabled, merchantId, topicKey]);
}
