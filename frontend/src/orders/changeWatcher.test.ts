import { describe, expect, it } from "vitest";
import { ChangeWatcher, eventVersion } from "./changeWatcher";

const event = (version: number, actor = "nils@nordlicht.test") => ({ payload: { version, number: "M1-1001" }, actor });

describe("telling others' changes from the echo of one's own", () => {
  it("reports an event newer than what the page knows, once", () => {
    const seen: number[] = [];
    const watcher = new ChangeWatcher<ReturnType<typeof event>>((e) => seen.push(e.payload.version));
    watcher.see(3);
    watcher.event(event(3));
    watcher.event(event(2));
    watcher.event(event(4));
    watcher.event(event(4));
    expect(seen).toEqual([4]);
    expect(watcher.version).toBe(4);
  });

  it("holds events back while an own save is under way and drops its echo afterwards", async () => {
    const seen: number[] = [];
    const watcher = new ChangeWatcher<ReturnType<typeof event>>((e) => seen.push(e.payload.version));
    watcher.see(1);
    let answer: (version: number) => void = () => {};
    const saving = watcher.around(
      () => new Promise<number>((resolve) => (answer = resolve)),
      (version) => version,
    );
    watcher.event(event(2)); // the echo arrives before the save's own answer
    expect(seen).toEqual([]);
    answer(2);
    await saving;
    expect(seen).toEqual([]);
    watcher.event(event(3)); // someone else, later
    expect(seen).toEqual([3]);
  });

  it("still reports a stranger's change that raced a failed save", async () => {
    const seen: number[] = [];
    const watcher = new ChangeWatcher<ReturnType<typeof event>>((e) => seen.push(e.payload.version));
    watcher.see(5);
    await watcher.around(
      async () => {
        watcher.event(event(6));
        return null;
      },
      () => null,
    );
    expect(seen).toEqual([6]);
  });

  it("ignores events without a version", () => {
    expect(eventVersion({ payload: { number: "x" } })).toBeNull();
    expect(eventVersion({ payload: null })).toBeNull();
    expect(eventVersion({ payload: { version: 2.5 } })).toBeNull();
    expect(eventVersion({ payload: { version: 7 } })).toBe(7);
  });
});
