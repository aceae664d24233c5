import { useEffect, useRef, useState } from "react";
import { ChangeWatcher, type VersionedEvent } from "./changeWatcher";

/** Runs a mutation as one of the page's own changes, so its live echo is not announced as someone else's. */
export type Track = <T>(work: () => Promise<T>, versionOf: (result: T) => number | null | undefined) => Promise<T>;

/** One ChangeWatcher for the page's life; `onForeign` is the latest render's (it may read the page's state). */
export function useChangeWatcher<E extends VersionedEvent>(onForeign: (event: E) => void): ChangeWatcher<E> {
  const latest = useRef(onForeign);
  useEffect(() => {
    latest.current = onForeign;
  });
  const [watcher] = useState(() => new ChangeWatcher<E>((event) => latest.current(event)));
  return watcher;
}
