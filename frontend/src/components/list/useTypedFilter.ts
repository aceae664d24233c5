import { useEffect, useRef, useState } from "react";

/** How long typing pauses before a text filter changes the list (and the address). */
export const TYPING_PAUSE_MS = 300;

/**
 * A text filter that follows typing at once but changes the list (and the address) only after a pause; it takes
 * the address's value again when that changes otherwise (back button, "clear filters").
 */
export function useTypedFilter(value: string, commit: (value: string) => void): [string, (value: string) => void] {
  const [typed, setTyped] = useState(value);
  const committed = useRef(value);
  const latestCommit = useRef(commit);
  useEffect(() => {
    latestCommit.current = commit;
  });
  useEffect(() => {
    if (value.trim() !== committed.current.trim()) {
      committed.current = value;
      setTyped(value);
    }
  }, [value]);
  useEffect(() => {
    if (typed.trim() === committed.current.trim()) return;
    const timer = setTimeout(() => {
      committed.current = typed;
      latestCommit.current(typed);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  return [typed, setTyped];
}
