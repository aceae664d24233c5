import { describe, expect, it } from "vitest";
import { ALL, FeedStore, type FeedEvent } from "./store";

const event = (seq: number, merchantId: string | null = "M1"): FeedEvent => ({
  seq,
  topic: "USER",
  type: "user.created",
  occurredAt: "2025-01-01T00:00:00+00:00",
  merchantId,
  entityId: `U${seq}`,
  payload: { email: `u${seq}@x.test` },
  actor: { kind: "USER", label: "admin@packline.test" },
});

const seqs = (events: FeedEvent[]) => events.map((e) => e.seq);

describe("FeedStore", () => {
  it("starts at now, then resumes after the last seq seen", () => {
    const store = new FeedStore();
    expect(store.resumeAfter(ALL)).toBeNull();
    store.add(event(5), ALL);
    store.add(event(7, null), ALL);
    expect(store.resumeAfter(ALL)).toBe(7);
    expect(seqs(store.list(ALL))).toEqual([7, 5]);
  });

  it("drops replayed events it has already shown: no duplicate after a reconnect", () => {
    const store = new FeedStore();
    for (const seq of [1, 2, 3]) store.add(event(seq), ALL);
    // The server replays from afterSeq=3, but a defensive client also ignores anything at or below it.
    expect(store.add(event(3), ALL)).toBe(false);
    expect(store.add(event(2), ALL)).toBe(false);
    expect(store.add(event(4), ALL)).toBe(true);
    expect(seqs(store.list(ALL))).toEqual([4, 3, 2, 1]);
  });

  it("resumes a narrower scope from the wider stream's position, and a wider one from its own", () => {
    const store = new FeedStore();
    store.add(event(10, "M1"), ALL);
    store.add(event(11, "M2"), ALL);
    // Switch to M1: everything of M1 up to 11 was already seen on the all-merchants stream.
    expect(store.resumeAfter("M1")).toBe(11);
    store.add(event(14, "M1"), "M1");
    expect(store.resumeAfter("M1")).toBe(14);
    expect(seqs(store.list("M1"))).toEqual([14, 10]);
    // Back to all merchants: replay from 11 fills M2's events in between and skips M1's 14 already held.
    expect(store.resumeAfter(ALL)).toBe(11);
    expect(store.add(event(12, "M2"), ALL)).toBe(true);
    expect(store.add(event(14, "M1"), ALL)).toBe(false);
    expect(store.add(event(15, "M2"), ALL)).toBe(true);
    expect(seqs(store.list(ALL))).toEqual([15, 14, 12, 11, 10]);
    expect(store.resumeAfter(ALL)).toBe(15);
  });

  it("keeps the newest events only, and tells listeners about changes", () => {
    const store = new FeedStore(3);
    let calls = 0;
    const unsubscribe = store.subscribe(() => (calls += 1));
    for (const seq of [1, 2, 3, 4, 5]) store.add(event(seq), ALL);
    expect(seqs(store.list(ALL))).toEqual([5, 4, 3]);
    expect(calls).toBe(5);
    unsubscribe();
    store.add(event(6), ALL);
    expect(calls).toBe(5);
  });

  it("opens with the recent past and continues from its headSeq, without counting it as news", () => {
    const store = new FeedStore();
    store.seed([event(9), event(8), event(4, "M2")], 12, ALL);
    expect(seqs(store.list(ALL))).toEqual([9, 8, 4]);
    // The subscription starts after headSeq, not after the newest event shown: 10-12 were not visible here.
    expect(store.resumeAfter(ALL)).toBe(12);
    expect(store.resumeAfter("M1")).toBe(12);
    expect(store.historyThrough()).toBe(12);
    expect(store.add(event(12), ALL)).toBe(false);
    expect(store.add(event(13), ALL)).toBe(true);
    expect(seqs(store.list(ALL))).toEqual([13, 9, 8, 4]);
  });

  it("merges a narrower scope's past into what it holds, without duplicates", () => {
    const store = new FeedStore();
    store.add(event(5), "M1");
    store.seed([event(6, "M2"), event(5)], 6, ALL);
    expect(seqs(store.list(ALL))).toEqual([6, 5]);
  });
});

