/** @vitest-environment happy-dom */
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { I18nProvider } from "../../i18n";
import { server } from "../../testing/fakeUrql";
import { renderHook, settle } from "../../testing/renderHook";
import { OrderDetailUpdateMutation } from "../operations";
import { order } from "../testing/orderFixture";
import { useOrderEdit } from "./useOrderEdit";

vi.mock("urql", async () => (await import("../../testing/fakeUrql")).fakeUrql);

function editing(of = order()) {
  const reload = vi.fn();
  const notify = vi.fn();
  const track = vi.fn((work: () => Promise<unknown>) => work()) as unknown as Parameters<typeof useOrderEdit>[0]["track"];
  const { result } = renderHook(() => useOrderEdit({ order: of, track, reload, notify }), (children) => <I18nProvider>{children}</I18nProvider>);
  return { result, reload, notify, track };
}

beforeEach(() => server.reset());

describe("useOrderEdit", () => {
  it("saves only the changed fields with the version the edit started from, then stops editing", async () => {
    server.on(OrderDetailUpdateMutation, () => ({ data: { orderUpdate: { order: { ...order(), version: 4 }, errors: [] } } }));
    const { result, notify, track } = editing();
    act(() => result.current.start(order()));
    expect(notify).toHaveBeenLastCalledWith(null); // a notice shown before goes
    act(() => result.current.setForm({ ...result.current.edit!.form, shippingMethod: "EXPRESS" }));
    await act(() => result.current.save());
    expect(server.calls(OrderDetailUpdateMutation)).toEqual([{ input: { orderId: "O1", expectedVersion: 3, changes: { shippingMethod: "EXPRESS" } } }]);
    expect(track).toHaveBeenCalledTimes(1); // as the page's own change, so its live echo is not announced
    expect(result.current.edit).toBeNull();
    expect(notify).toHaveBeenLastCalledWith({ kind: "success", text: "Order NL-1001 saved." });
  });

  it("sends nothing when nothing changed, and says so", async () => {
    const { result, notify } = editing();
    act(() => result.current.start(order()));
    await act(() => result.current.save());
    expect(server.sent).toEqual([]);
    expect(result.current.edit).toBeNull();
    expect(notify).toHaveBeenLastCalledWith({ kind: "info", text: expect.stringMatching(/nothing/i) });
  });

  it("sends nothing while a line cannot be sent, and shows the problem at that line", async () => {
    const { result } = editing();
    act(() => result.current.start(order()));
    act(() => result.current.dispatchLines({ type: "setPrice", productId: "P-NL-SOAP-LAV", value: "lots" }));
    await act(() => result.current.save());
    expect(server.sent).toEqual([]);
    expect(Object.keys(result.current.edit!.errors)).toEqual(["line:P-NL-SOAP-LAV:unitPrice"]);
    expect(result.current.edit!.general).toHaveLength(1);
  });

  it("a conflict keeps the input, shows who changed the order, and re-reads it", async () => {
    server.on(OrderDetailUpdateMutation, () => ({
      data: { orderUpdate: { order: null, errors: [{ field: null, message: "Changed meanwhile by Nils (customer).", code: "VERSION_CONFLICT" }] } },
    }));
    const { result, reload } = editing();
    act(() => result.current.start(order()));
    act(() => result.current.setForm({ ...result.current.edit!.form, customerNote: "Ring twice" }));
    await act(() => result.current.save());
    expect(result.current.edit!.conflict).toBe("Changed meanwhile by Nils (customer).");
    expect(result.current.edit!.form.customerNote).toBe("Ring twice");
    expect(reload).toHaveBeenCalledTimes(1);
    expect(result.current.isEditing()).toBe(true);
  });

  it("take the latest: the input is replaced by the order as the page shows it now", () => {
    const { result } = editing(order({ version: 7, customerNote: "theirs" }));
    act(() => result.current.start(order()));
    act(() => result.current.setForm({ ...result.current.edit!.form, customerNote: "mine" }));
    act(() => result.current.newer("Nils", 7));
    expect(result.current.edit!.newer).toEqual({ actor: "Nils", version: 7 });
    act(() => result.current.takeLatest());
    expect(result.current.edit!.form.customerNote).toBe("theirs");
    expect(result.current.edit!.baseVersion).toBe(7);
    expect(result.current.edit!.newer).toBeNull();
  });

  it("a product picked in the search becomes a line with its stock, and the keyboard goes to its quantity", async () => {
    const { result } = editing();
    act(() => result.current.start(order()));
    const soap = { ...order().lines[0]!.product!, id: "P2", sku: "NL-OIL", stock: [{ available: 6, warehouse: { id: "W1" } }] };
    act(() => result.current.pick(soap, 2));
    expect(result.current.edit!.lines.map((l) => [l.productId, l.quantity])).toEqual([
      ["P-NL-SOAP-LAV", "2"],
      ["P2", "2"],
    ]);
    expect(result.current.focus?.productId).toBe("P2");
    expect(result.current.figures(order()).available.P2).toBe(6);
    expect(result.current.hasLine("NL-OIL")).toBe(true);
    await settle();
  });
});
