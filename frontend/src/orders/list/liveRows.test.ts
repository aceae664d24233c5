import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { FeedEvent } from "../../activity/store";
import type { EventTopic } from "../../gql/graphql";
import { applyPatches, mergePatch, patchFromEvent, Throttle, type OrderPatch } from "./liveRows";

const orderEvent = (entityId: string, payload: Record<string, unknown>, topic: EventTopic = "ORDER"): FeedEvent => ({
  seq: 1,
  topic,
  type: "order.held",
  occurredAt: "2026-05-04T08:00:00Z",
  merchantId: "M",
  entityId,
  payload,
  actor: { kind: "USER", label: "anna@nordlicht.test" },
});

const row = { id: "O1", version: 3, status: "READY" as const, paymentStatus: "PENDING" as const, paymentMethod: "INVOICE" as const, holdReason: "", number: "M1-1" };

describe("live order rows", () => {
  it("read the order's new state from its event", () => {
    const found = patchFromEvent(orderEvent("O1", { version: 4, status: "ON_HOLD", paymentStatus: "PENDING", paymentMethod: "INVOICE", holdReason: "Call back" }));
    expect(found).toEqual({ orderId: "O1", patch: { version: 4, status: "ON_HOLD", paymentStatus: "PENDING", paymentMethod: "INVOICE", holdReason: "Call back" } });
    expect(patchFromEvent(orderEvent("O1", { version: 4 }, "STOCK"))).toBeNull();
    expect(patchFromEvent(orderEvent("O1", { status: "READY" }))).toBeNull();
    // A status this dashboard does not know yet is not shown as one.
    expect(patchFromEvent(orderEvent("O1", { version: 5, status: "TELEPORTED" }))?.patch.status).toBeUndefined();
  });

  it("change a row only with news newer than what the list shows", () => {
    const newer = new Map<string, OrderPatch>([["O1", { version: 4, status: "ON_HOLD", holdReason: "Call back" }]]);
    expect(applyPatches([row], newer)[0]).toEqual({ ...row, version: 4, status: "ON_HOLD", holdReason: "Call back" });
    const older = new Map<string, OrderPatch>([["O1", { version: 2, status: "CANCELLED" }]]);
    expect(applyPatches([row], older)[0]).toBe(row);
    expect(applyPatches([row], new Map())[0]).toBe(row);
  });

  it("keep the newest patch when events overtake each other", () => {
    let patches = mergePatch(new Map(), "O1", { version: 5, status: "CANCELLED" });
    patches = mergePatch(patches, "O1", { version: 4, status: "ON_HOLD" });
    expect(patches.get("O1")?.status).toBe("CANCELLED");
  });
});

describe("Throttle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs at once, then at most once per interval, folding a burst into one trailing run", () => {
    const run = vi.fn();
    const throttle = new Throttle(run, 1000);
    throttle.call();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i += 1) throttle.call();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(2);
    throttle.call();
    expect(run).toHaveBeenCalledTimes(3);
  });

  it("keeps refreshing under a steady stream (where a debounce would starve)", () => {
    const run = vi.fn();
    const throttle = new Throttle(run, 1000);
    for (let ms = 0; ms < 10_000; ms += 100) {
      throttle.call();
      vi.advanceTimersByTime(100);
    }
    expect(run.mock.calls.length).toBeGreaterThanOrEqual(9);
    expect(run.mock.calls.length).toBeLessThanOrEqual(11);
  });

  it("runs nothing after it is disposed", () => {
    const run = vi.fn();
    const throttle = new Throttle(run, 1000);
    throttle.call();
    throttle.call();
    throttle.dispose();
    vi.advanceTimersByTime(2000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
