import { describe, expect, it } from "vitest";
import { linesReducer, runningTotals, sameLines, shortfall, toLineInputs, type EditableLine } from "./lines";

const soap = { id: "P1", sku: "NL-SOAP-LAV", name: "Lavendel Seife" };
const cream = { id: "P2", sku: "NL-CREAM-50", name: "Gesichtscreme" };

function build(...actions: Parameters<typeof linesReducer>[1][]): EditableLine[] {
  return actions.reduce<EditableLine[]>((lines, action) => linesReducer(lines, action), []);
}

describe("line editing", () => {
  it("adds a product once and sums repeats into its line", () => {
    const lines = build({ type: "add", product: soap }, { type: "add", product: cream, quantity: 2 }, { type: "add", product: soap, quantity: 3 });
    expect(lines.map((l) => [l.sku, l.quantity])).toEqual([
      ["NL-SOAP-LAV", "4"],
      ["NL-CREAM-50", "2"],
    ]);
    expect(lines[0]!.taxRate).toBe("19");
    expect(lines[0]!.unitPrice).toBe("");
  });

  it("steps quantities by key without going below one or above the limit, and removes only on request", () => {
    let lines = build({ type: "add", product: soap, quantity: 2 });
    lines = linesReducer(lines, { type: "step", productId: "P1", delta: -1 });
    lines = linesReducer(lines, { type: "step", productId: "P1", delta: -1 });
    lines = linesReducer(lines, { type: "step", productId: "P1", delta: -10 });
    expect(lines[0]!.quantity).toBe("1");
    lines = linesReducer(lines, { type: "setQuantity", productId: "P1", value: "99995" });
    lines = linesReducer(lines, { type: "step", productId: "P1", delta: 10 });
    expect(lines[0]!.quantity).toBe("100000");
    lines = linesReducer(lines, { type: "setQuantity", productId: "P1", value: "" });
    lines = linesReducer(lines, { type: "step", productId: "P1", delta: 1 });
    expect(lines[0]!.quantity).toBe("1"); // an emptied field steps from nothing
    expect(linesReducer(lines, { type: "remove", productId: "P1" })).toEqual([]);
  });

  it("changes price and tax rate of one line only", () => {
    let lines = build({ type: "add", product: soap }, { type: "add", product: cream });
    lines = linesReducer(lines, { type: "setPrice", productId: "P2", value: "12,90" });
    lines = linesReducer(lines, { type: "setTaxRate", productId: "P2", value: "7" });
    expect(lines.map((l) => [l.unitPrice, l.taxRate])).toEqual([
      ["", "19"],
      ["12,90", "7"],
    ]);
  });
});

describe("lines for the API", () => {
  it("normalizes what was typed and reports problems under the API's field names", () => {
    let lines = build({ type: "add", product: soap, quantity: 2 }, { type: "add", product: cream });
    lines = linesReducer(lines, { type: "setPrice", productId: "P1", value: "4,90" });
    lines = linesReducer(lines, { type: "setTaxRate", productId: "P2", value: "7.5" });
    expect(toLineInputs(lines)).toEqual({
      inputs: [
        { productId: "P1", quantity: 2, unitPrice: "4.90", taxRate: "19" },
        { productId: "P2", quantity: 1, unitPrice: "0.00", taxRate: "7.5" },
      ],
      problems: {},
    });
    lines = linesReducer(lines, { type: "setQuantity", productId: "P2", value: "zwei" });
    lines = linesReducer(lines, { type: "setPrice", productId: "P1", value: "4.999" });
    const { inputs, problems } = toLineInputs(lines);
    expect(inputs).toEqual([]);
    expect(problems).toEqual({ "lines.0.unitPrice": "price", "lines.1.quantity": "quantity" });
  });

  it("keeps running totals of valid lines", () => {
    let lines = build({ type: "add", product: soap, quantity: 3 }, { type: "add", product: cream });
    lines = linesReducer(lines, { type: "setPrice", productId: "P1", value: "4.90" });
    lines = linesReducer(lines, { type: "setPrice", productId: "P2", value: "12,99" });
    lines = linesReducer(lines, { type: "setTaxRate", productId: "P2", value: "7" });
    expect(runningTotals(lines, "4,95")).toEqual({ subtotal: 2769, shipping: 495, tax: 399, total: 3264 });
    lines = linesReducer(lines, { type: "setQuantity", productId: "P2", value: "" });
    expect(runningTotals(lines, "").total).toBe(1470);
  });

  it("tells equal line lists apart from changed ones as the API would see them", () => {
    const a = build({ type: "add", product: soap, quantity: 2, unitPrice: "4.90" });
    const b = linesReducer(a, { type: "setPrice", productId: "P1", value: "4,9" });
    expect(sameLines(a, b)).toBe(true);
    expect(sameLines(a, linesReducer(a, { type: "step", productId: "P1", delta: 1 }))).toBe(false);
    expect(sameLines(a, [...a, ...build({ type: "add", product: cream })])).toBe(false);
  });
});

describe("backorder warning", () => {
  it("counts the units stock cannot cover, beyond what the line already holds", () => {
    expect(shortfall("5", 0, 3)).toBe(2);
    expect(shortfall("5", 0, 5)).toBe(0);
    expect(shortfall("5", 4, 0)).toBe(1); // a placed line holding 4 needs one more
    expect(shortfall("5", 0, -2)).toBe(5);
    expect(shortfall("5", 0, undefined)).toBe(0); // not known yet: no warning
    expect(shortfall("x", 0, 0)).toBe(0);
  });
});
