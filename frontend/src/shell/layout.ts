import { useCallback, useState, useSyncExternalStore } from "react";

/** Below this width the sidebar is a drawer (the same width as the `@media` rules in styles.css). */
export const PHONE = "(max-width: 767.98px)";

/** Whether the media query matches now, following changes (rotating a phone, resizing a window). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}

function readFlag(key: string): boolean {
  try {
    return localStorage.getItem(key) === "1";
  } catch {
    return false;
  }
}

/** A yes/no preference remembered per browser (localStorage), like the language. */
export function useStoredFlag(key: string): [boolean, (value: boolean) => void] {
  const [value, setValue] = useState(() => readFlag(key));
  const set = useCallback(
    (next: boolean) => {
      setValue(next);
      try {
        if (next) localStorage.setItem(key, "1");
        else localStorage.removeItem(key);
      } catch {
        /* storage disabled: the choice lasts for this page */
      }
    },
    [key],
  );
  return [value, set];
}
