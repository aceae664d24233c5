/** @vitest-environment happy-dom */
import { act, lazy, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../i18n";
import { settle } from "../testing/renderHook";
import { PageBoundary } from "./PageBoundary";

function mount() {
  const container = document.createElement("div");
  const root = createRoot(container);
  const show = (path: string, page: ReactNode) =>
    act(() =>
      root.render(
        <I18nProvider>
          <PageBoundary key={path}>{page}</PageBoundary>
        </I18nProvider>,
      ),
    );
  return { container, show };
}

describe("the page's place in the shell", () => {
  afterEach(() => vi.restoreAllMocks());

  it("says a page is loading while its chunk is on the way", async () => {
    const Pending = lazy(() => new Promise<never>(() => {}));
    const { container, show } = mount();
    show("/orders", <Pending />);
    await settle();
    expect(container.querySelector('[role="status"]')?.textContent).toBe("Loading…");
  });

  it("offers a reload when a page's chunk cannot be loaded, and forgets it on the next page (keyed by path)", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {}); // React reports the caught error
    const Gone = lazy(() => Promise.reject(new Error("Failed to fetch dynamically imported module")));
    const { container, show } = mount();
    show("/orders", <Gone />);
    await settle();
    expect(container.textContent).toContain("This page could not be loaded: Failed to fetch dynamically imported module");
    expect(container.querySelector("button")?.textContent).toBe("Reload");

    show("/orders", <p>Orders</p>); // the same address: still the failure
    expect(container.textContent).toContain("This page could not be loaded");
    show("/products", <p>Products</p>);
    expect(container.textContent).toBe("Products");
  });
});
