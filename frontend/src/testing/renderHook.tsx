// Renders a hook in a test (in a DOM environment: `@vitest-environment happy-dom` atop the test file), inside the
// providers the test gives. `result.current` is what the hook returned at the latest render.
import { act, type ReactNode } from "react";
import { createRoot } from "react-dom/client";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export function renderHook<R>(hook: () => R, wrap: (children: ReactNode) => ReactNode = (children) => children) {
  const result = { current: undefined as unknown as R };
  function Probe() {
    result.current = hook();
    return null;
  }
  const root = createRoot(document.createElement("div"));
  act(() => root.render(wrap(<Probe />)));
  return { result, unmount: () => act(() => root.unmount()) };
}

/** Lets what a click or a timer started (promises, effects) settle. */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  });
}
