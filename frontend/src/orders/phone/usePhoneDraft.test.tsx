/** @vitest-environment happy-dom */
import { act } from "react";
import { MemoryRouter, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../i18n";
import { server } from "../../testing/fakeUrql";
import { renderHook, settle } from "../../testing/renderHook";
import {
  OrderDetailQuery,
  PhoneOrderDraftCompleteMutation,
  PhoneOrderDraftCreateMutation,
  PhoneOrderDraftUpdateMutation,
  PhoneOrderStockQuery,
  PhoneOrderWarehousesQuery,
} from "../operations";
import { order, product } from "../testing/orderFixture";
import type { LiveEvent } from "../useLiveEvents";
import { LINES_SAVE_DELAY_MS } from "./phoneDraft";
import { usePhoneDraft } from "./usePhoneDraft";

vi.mock("urql", async () => (await import("../../testing/fakeUrql")).fakeUrql);
vi.mock("../../auth/AuthProvider", () => ({
  useSignedIn: () => ({ status: "signedIn", user: { id: "U1", role: "MERCHANT_ADMIN", merchant: { id: "M1", code: "M1", name: "Nordlicht" } } }),
}));
vi.mock("../../shell/MerchantScope", () => ({ useMerchantScope: () => ({ merchantFilter: null, merchantById: () => undefined }) }));
// The live events the page would receive: the test sends them.
const live = vi.hoisted(() => ({ onEvent: null as ((event: LiveEvent) => void) | null }));
vi.mock("../useLiveEvents", () => ({
  useLiveEvents: (options: { onEvent: (event: LiveEvent) => void }) => {
    live.onEvent = options.onEvent;
  },
}));

const soap = product("P1", "NL-SOAP", { W1: 5 });
/** An ORDER event of the draft, reporting its version after a change by `actor`. */
const orderEvent = (version: number, actor: string): LiveEvent => ({
  seq: version,
  topic: "ORDER",
  type: "order.updated",
  merchantId: "M1",
  entityId: "O1",
  payload: { version },
  occurredAt: "2026-03-01T10:00:00Z",
  actor: { kind: "USER", label: actor },
});
const draftOrder = (version: number) => order({ id: "O1", number: "NL-1001", status: "DRAFT", version, lines: [] });
const saved = (version: number) => ({ data: { draftOrderCreate: { order: draftOrder(version), errors: [] }, draftOrderUpdate: { order: draftOrder(version), errors: [] } } });

function phoneForm() {
  const focusSearch = vi.fn();
  const { result } = renderHook(
    () => ({ phone: usePhoneDraft({ focusSearch }), location: useLocation() }),
    (children) => (
      <I18nProvider>
        <MemoryRouter initialEntries={["/orders/new"]}>{children}</MemoryRouter>
      </I18nProvider>
    ),
  );
  return { result, focusSearch };
}

async function wait(ms: number) {
  act(() => vi.advanceTimersByTime(ms));
  await settle();
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  server.reset();
  server.on(PhoneOrderWarehousesQuery, () => ({ data: { warehouses: [{ id: "W0", code: "A", name: "Old", isActive: false }, { id: "W1", code: "LEJ", name: "Leipzig", isActive: true }] } }));
  let version = 1;
  server.on(PhoneOrderDraftCreateMutation, () => saved(version++));
  server.on(PhoneOrderDraftUpdateMutation, () => saved(version++));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("usePhoneDraft", () => {
  it("creates the draft half a second after the first product, in the first active warehouse, then updates it with the version it knows", async () => {
    const { result } = phoneForm();
    expect(result.current.phone.warehouseId).toBe("W1");
    expect(result.current.phone.available).toEqual({});
    act(() => {
      result.current.phone.learnStock([soap]);
      result.current.phone.dispatch({ type: "add", product: soap, quantity: 2 });
    });
    expect(result.current.phone.available).toEqual({ P1: 5 });
    await wait(LINES_SAVE_DELAY_MS - 1);
    expect(server.sent.map((s) => s.document)).not.toContain(PhoneOrderDraftCreateMutation);
    await wait(1);
    const [created] = server.calls(PhoneOrderDraftCreateMutation);
    // A merchant's own user never names the merchant.
    expect(created).toMatchObject({ input: { merchantId: null, warehouseId: "W1", currency: "EUR", lines: [{ productId: "P1", quantity: 2 }] } });
    expect(result.current.phone.draft).toMatchObject({ id: "O1", version: 1 });
    expect(result.current.location.search).toBe("?draft=O1");
    expect(result.current.phone.saveState).toBe("saved");
    expect(result.current.phone.statusText).toContain("NL-1001");

    act(() => result.current.phone.dispatch({ type: "step", productId: "P1", delta: 1 }));
    expect(result.current.phone.dirty).toBe(true);
    await wait(LINES_SAVE_DELAY_MS);
    expect(server.calls(PhoneOrderDraftUpdateMutation)).toEqual([
      { input: { orderId: "O1", expectedVersion: 1, changes: expect.objectContaining({ lines: [expect.objectContaining({ productId: "P1", quantity: 3 })] }) } },
    ]);
    expect(result.current.phone.dirty).toBe(false);
  });

  it("saves a burst of line changes once", async () => {
    const { result } = phoneForm();
    act(() => result.current.phone.dispatch({ type: "add", product: soap }));
    for (let i = 0; i < 4; i += 1) {
      await wait(LINES_SAVE_DELAY_MS / 2);
      act(() => result.current.phone.dispatch({ type: "step", productId: "P1", delta: 1 }));
    }
    await wait(LINES_SAVE_DELAY_MS);
    expect(server.calls(PhoneOrderDraftCreateMutation)).toHaveLength(1);
    expect(server.calls(PhoneOrderDraftCreateMutation)[0]).toMatchObject({ input: { lines: [{ productId: "P1", quantity: 5 }] } });
  });

  it("saves typed fields when the focus leaves them, not while typing", async () => {
    const { result } = phoneForm();
    act(() => result.current.phone.dispatch({ type: "add", product: soap }));
    await wait(LINES_SAVE_DELAY_MS);
    const form = result.current.phone.form;
    act(() => result.current.phone.setForm({ ...form, customer: { ...form.customer, email: "ben@exa" } }));
    await wait(10_000);
    expect(server.calls(PhoneOrderDraftUpdateMutation)).toHaveLength(0);
    act(() => result.current.phone.leaveField());
    await wait(0);
    expect(server.calls(PhoneOrderDraftUpdateMutation)).toEqual([{ input: expect.objectContaining({ changes: expect.objectContaining({ customer: { name: "", email: "ben@exa", phone: "" } }) }) }]);
  });

  it("does not repeat a refused save on its own; the next edit tries again", async () => {
    server.on(PhoneOrderDraftCreateMutation, () => ({ data: { draftOrderCreate: { order: null, errors: [{ field: "lines.0.quantity", message: "Not that many.", code: "INVALID" }] } } }));
    const { result } = phoneForm();
    act(() => result.current.phone.dispatch({ type: "add", product: soap }));
    await wait(LINES_SAVE_DELAY_MS);
    expect(result.current.phone.saveState).toBe("failed");
    expect(result.current.phone.fieldErrors).toEqual({ "line:P1:quantity": "Not that many." });
    await wait(10_000);
    expect(server.calls(PhoneOrderDraftCreateMutation)).toHaveLength(1);
    act(() => result.current.phone.dispatch({ type: "step", productId: "P1", delta: 1 }));
    await wait(LINES_SAVE_DELAY_MS);
    expect(server.calls(PhoneOrderDraftCreateMutation)).toHaveLength(2);
  });

  it("stops saving on its own when someone else changes the draft, and keeps what is typed; keep mine saves it over their version", async () => {
    const { result } = phoneForm();
    act(() => result.current.phone.dispatch({ type: "add", product: soap }));
    await wait(LINES_SAVE_DELAY_MS);
    // Its own save's echo is not someone else's change.
    act(() => live.onEvent!(orderEvent(1, "Me")));
    expect(result.current.phone.stale).toBeNull();
    act(() => live.onEvent!(orderEvent(5, "Nils")));
    expect(result.current.phone.stale).toContain("Nils");
    act(() => result.current.phone.dispatch({ type: "step", productId: "P1", delta: 1 }));
    await wait(10_000);
    expect(server.calls(PhoneOrderDraftUpdateMutation)).toHaveLength(0);

    server.on(OrderDetailQuery, () => ({ data: { node: draftOrder(5) } }));
    await act(() => result.current.phone.keepMine());
    await wait(0);
    expect(result.current.phone.stale).toBeNull();
    expect(server.calls(PhoneOrderDraftUpdateMutation)).toEqual([{ input: expect.objectContaining({ orderId: "O1", expectedVersion: 5 }) }]);
    expect(result.current.phone.lines[0]!.quantity).toBe("2");
  });

  it("re-reads the stock of its lines when it changes, a burst in one query", async () => {
    server.on(PhoneOrderStockQuery, () => ({ data: { nodes: [product("P1", "NL-SOAP", { W1: 1 }), null] } }));
    const { result } = phoneForm();
    act(() => {
      result.current.phone.learnStock([soap]);
      result.current.phone.dispatch({ type: "add", product: soap });
    });
    const stockEvent = (sku: string) => ({ ...orderEvent(0, "Warehouse"), topic: "STOCK", type: "stock.changed", entityId: "S1", payload: { sku } }) as LiveEvent;
    act(() => live.onEvent!(stockEvent("OTHER")));
    await wait(1000);
    expect(server.calls(PhoneOrderStockQuery)).toEqual([]);
    act(() => {
      live.onEvent!(stockEvent("NL-SOAP"));
      live.onEvent!(stockEvent("NL-SOAP"));
    });
    await wait(100);
    expect(server.calls(PhoneOrderStockQuery)).toEqual([{ ids: ["P1"] }]);
    expect(result.current.phone.available).toEqual({ P1: 1 });
  });

  it("places nothing without a product, and sends the keyboard to the search", async () => {
    const { result, focusSearch } = phoneForm();
    await act(() => result.current.phone.place());
    expect(focusSearch).toHaveBeenCalled();
    expect(result.current.phone.fieldErrors.lines).toBeTruthy();
    expect(server.sent.filter((s) => s.document !== PhoneOrderWarehousesQuery)).toEqual([]);
  });

  it("places the order: saves what is unsaved first, completes the draft at that version, and opens the order", async () => {
    server.on(PhoneOrderDraftCompleteMutation, () => ({ data: { draftOrderComplete: { order: { id: "O1", number: "NL-1001", status: "READY", version: 3 }, errors: [] } } }));
    const { result } = phoneForm();
    act(() => result.current.phone.dispatch({ type: "add", product: soap }));
    await act(() => result.current.phone.place());
    expect(server.sent.map((s) => s.document)).toEqual([PhoneOrderDraftCreateMutation, PhoneOrderDraftCompleteMutation]);
    expect(server.calls(PhoneOrderDraftCompleteMutation)).toEqual([{ input: { orderId: "O1", expectedVersion: 1 } }]);
    expect(result.current.location.pathname).toBe("/orders/O1");
    expect(result.current.location.state).toEqual({ placed: "NL-1001" });
  });
});
