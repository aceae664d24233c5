import { describe, expect, it } from "vitest";
import { placeErrors } from "../errors";
import { line, order, product } from "../testing/orderFixture";
import { lineFigures, orderEditReducer, planSave, refused, type OrderEdit, type OrderEditAction } from "./orderEdit";

const run = (edit: OrderEdit | null, ...actions: OrderEditAction[]) => actions.reduce(orderEditReducer, edit);
const started = (from = order()) => run(null, { type: "start", order: from })!;
const text = (error: { message: string }) => error.message;

describe("editing an order in place (useOrderEdit's state)", () => {
  it("starts from the order as it is, at its version, without errors", () => {
    const edit = started();
    expect(edit.baseVersion).toBe(3);
    expect(edit.form.customer.name).toBe("Anna Berg");
    expect(edit.form.shippingPrice).toBe("4.95");
    expect(edit.lines).toEqual([{ productId: "P-NL-SOAP-LAV", sku: "NL-SOAP-LAV", name: "NL-SOAP-LAV name", quantity: "2", unitPrice: "4.90", taxRate: "19" }]);
    expect(edit.base).toEqual({ form: edit.form, lines: edit.lines });
    expect([edit.errors, edit.general, edit.conflict, edit.newer]).toEqual([{}, [], null, null]);
  });

  it("changes only what was typed, never the version it is based on", () => {
    const edit = run(
      started(),
      { type: "lines", action: { type: "step", productId: "P-NL-SOAP-LAV", delta: 1 } },
      { type: "form", form: { ...started().form, customerNote: "Ring twice" } },
    )!;
    expect(edit.lines[0]!.quantity).toBe("3");
    expect(edit.form.customerNote).toBe("Ring twice");
    expect(edit.baseVersion).toBe(3);
    expect(edit.base.lines[0]!.quantity).toBe("2");
  });

  it("does nothing without an edit under way, and stopping drops the edit", () => {
    expect(run(null, { type: "form", form: started().form }, { type: "newer", actor: "Nils", version: 4 })).toBeNull();
    expect(run(started(), { type: "stop" })).toBeNull();
  });

  it("keeps the input when someone else's change arrives live, and says who", () => {
    const typed = run(started(), { type: "form", form: { ...started().form, customerNote: "mine" } })!;
    const edit = run(typed, { type: "newer", actor: "Nils", version: 4 })!;
    expect(edit.newer).toEqual({ actor: "Nils", version: 4 });
    expect(edit.form.customerNote).toBe("mine");
  });

  it("keep mine: the same input, now a change of the latest version", () => {
    const latest = order({ version: 5, customer: { name: "Anna Berg", email: "anna@example.test", phone: "+49 341 1" } });
    const typed = run(started(), { type: "form", form: { ...started().form, customerNote: "mine" } }, { type: "problems", general: ["x"], conflict: "changed by Nils" })!;
    const edit = run(typed, { type: "keepMine", order: latest })!;
    expect(edit.baseVersion).toBe(5);
    expect(edit.base.form.customer.phone).toBe("+49 341 1");
    expect(edit.form.customerNote).toBe("mine");
    expect(edit.form.customer.phone).toBe(""); // the input is not replaced
    expect(edit.conflict).toBeNull();
    expect(edit.newer).toBeNull();
    // The next save sends the person's input over version 5, and only what differs from it.
    const plan = planSave(edit, "EUR");
    expect(plan).toMatchObject({ kind: "send", expectedVersion: 5 });
    if (plan.kind === "send") expect(Object.keys(plan.changes).sort()).toEqual(["customer", "customerNote"]);
  });

  it("take the latest: starting again replaces the input and forgets the conflict", () => {
    const latest = order({ version: 6, customerNote: "theirs" });
    const typed = run(started(), { type: "form", form: { ...started().form, customerNote: "mine" } }, { type: "problems", general: [], conflict: "changed by Nils" })!;
    const edit = run(typed, { type: "start", order: latest })!;
    expect([edit.baseVersion, edit.form.customerNote, edit.conflict]).toEqual([6, "theirs", null]);
  });

  it("a refused save puts the errors by field and the conflict on the edit", () => {
    const edit = started();
    const placed = placeErrors(
      [
        { field: "customer.email", message: "not an e-mail address", code: "INVALID" },
        { field: null, message: "changed meanwhile by Nils (customer)", code: "VERSION_CONFLICT" },
        { field: "lines.0.quantity", message: "too many", code: "INVALID" },
      ],
      edit.lines,
      text,
    );
    const after = run(edit, refused(placed))!;
    expect(after.errors).toEqual({ "customer.email": "not an e-mail address", "line:P-NL-SOAP-LAV:quantity": "too many" });
    expect(after.conflict).toBe("changed meanwhile by Nils (customer)");
    expect(after.general).toEqual([]);
  });

  it("a failure that names no field keeps the errors and the conflict shown", () => {
    const refusedOnce = run(started(), { type: "problems", errors: { "customer.email": "bad" }, general: [], conflict: "changed" })!;
    const after = run(refusedOnce, { type: "problems", general: ["Something went wrong"] })!;
    expect(after.errors).toEqual({ "customer.email": "bad" });
    expect(after.conflict).toBe("changed");
    expect(after.general).toEqual(["Something went wrong"]);
  });
});

describe("what Save sends", () => {
  it("nothing when nothing changed", () => {
    expect(planSave(started(), "EUR")).toEqual({ kind: "unchanged" });
    // Typing and typing back is no change either.
    const back = run(
      started(),
      { type: "lines", action: { type: "step", productId: "P-NL-SOAP-LAV", delta: 1 } },
      { type: "lines", action: { type: "step", productId: "P-NL-SOAP-LAV", delta: -1 } },
    )!;
    expect(planSave(back, "EUR")).toEqual({ kind: "unchanged" });
  });

  it("only the changed fields, with the version the edit started from", () => {
    const edit = run(started(), { type: "form", form: { ...started().form, shippingMethod: "EXPRESS" } })!;
    expect(planSave(edit, "EUR")).toEqual({ kind: "send", expectedVersion: 3, changes: { shippingMethod: "EXPRESS" }, sentLines: [] });
  });

  it("the lines in the order sent, when they changed (so errors of lines.N find their product)", () => {
    const edit = run(started(), { type: "lines", action: { type: "add", product: { id: "P2", sku: "NL-OIL", name: "Oil" }, quantity: 2 } })!;
    const plan = planSave(edit, "EUR");
    expect(plan.kind).toBe("send");
    if (plan.kind !== "send") return;
    expect(plan.changes.lines?.map((l) => [l.productId, l.quantity])).toEqual([
      ["P-NL-SOAP-LAV", 2],
      ["P2", 2],
    ]);
    expect(plan.sentLines.map((l) => l.productId)).toEqual(["P-NL-SOAP-LAV", "P2"]);
  });

  it("nothing while something typed cannot be sent: the problems, keyed like the API's", () => {
    const edit = run(
      started(),
      { type: "lines", action: { type: "setPrice", productId: "P-NL-SOAP-LAV", value: "four" } },
      { type: "form", form: { ...started().form, shippingPrice: "a lot" } },
    )!;
    expect(planSave(edit, "EUR")).toEqual({ kind: "invalid", problems: { "lines.0.unitPrice": "price", shippingPrice: "price" } });
  });
});

describe("the lines editor's figures", () => {
  it("reads stock in the order's warehouse, for its own products and for those the search showed", () => {
    const figures = lineFigures(order({ lines: [line("A", 2, { reserved: 1 })] }), { P9: product("P9", "NINE", { W1: 4, W2: 8 }) });
    expect(figures.available).toEqual({ "P-A": 10, P9: 4 });
    expect(figures.reserved).toEqual({ "P-A": 1 });
  });

  it("reads all warehouses' stock when the order has none yet, and skips lines whose product is gone", () => {
    const figures = lineFigures(order({ warehouse: null, lines: [line("A", 1), line("GONE", 1, { product: null })] }), {});
    expect(figures.available).toEqual({ "P-A": 13 });
    expect(figures.reserved).toEqual({ "P-A": 1 });
  });
});
