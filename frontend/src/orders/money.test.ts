import { describe, expect, it } from "vitest";
import { fromMinor, includedTax, normalizeDecimal, orderTotals, taxRateBasisPoints, toMinor } from "./money";

describe("typed amounts", () => {
  it("reads English and German notation, with or without grouping", () => {
    expect(normalizeDecimal("4,90")).toBe("4.90");
    expect(normalizeDecimal("4.9")).toBe("4.9");
    expect(normalizeDecimal(" 1.234,50 ")).toBe("1234.50");
    expect(normalizeDecimal("1,234.50")).toBe("1234.50");
    expect(normalizeDecimal("1.234.567")).toBe("1234567");
    expect(normalizeDecimal("007")).toBe("7");
    expect(normalizeDecimal(",5")).toBe("0.5");
  });

  it("refuses what is not an amount", () => {
    for (const bad of ["", "abc", "-3", "1,2,50", "1.2.3,4,5", "12.50.3", "1 e5", "1,23,4"]) expect(normalizeDecimal(bad), bad).toBeNull();
  });

  it("converts to minor units only within the currency's decimals and the API's limit", () => {
    expect(toMinor("4,90")).toBe(490);
    expect(toMinor("12")).toBe(1200);
    expect(toMinor("0.5")).toBe(50);
    expect(toMinor("1.234")).toBeNull(); // three decimals in EUR: refused, never read as 1234
    expect(toMinor("1500", "JPY")).toBe(1500);
    expect(toMinor("15.5", "JPY")).toBeNull();
    expect(toMinor("10000000")).toBe(1_000_000_000);
    expect(toMinor("10000000.01")).toBeNull();
    expect(fromMinor(490)).toBe("4.90");
    expect(fromMinor(5)).toBe("0.05");
    expect(fromMinor(1500, "JPY")).toBe("1500");
  });

  it("reads tax rates as basis points", () => {
    expect(taxRateBasisPoints("19")).toBe(1900);
    expect(taxRateBasisPoints("7,7")).toBe(770);
    expect(taxRateBasisPoints("0")).toBe(0);
    expect(taxRateBasisPoints("100")).toBe(10_000);
    expect(taxRateBasisPoints("100.01")).toBeNull();
    expect(taxRateBasisPoints("7.125")).toBeNull();
  });
});

describe("totals as the server computes them", () => {
  // Reference values from backend/orders/model.py (included_tax, order_totals) for the same input.
  it("rounds included tax half up", () => {
    expect(includedTax(1190, 1900)).toBe(190);
    expect(includedTax(999, 1900)).toBe(160);
    expect(includedTax(107, 700)).toBe(7);
    expect(includedTax(1, 1900)).toBe(0);
    expect(includedTax(595, 770)).toBe(43);
    expect(includedTax(500, 0)).toBe(0);
  });

  it("adds lines and shipping, taxing shipping at the highest line rate", () => {
    const lines = [
      { quantity: 3, unitPriceMinor: 490, taxRateBasisPoints: 1900 },
      { quantity: 1, unitPriceMinor: 1299, taxRateBasisPoints: 700 },
    ];
    expect(orderTotals(lines, 495)).toEqual({ subtotal: 2769, shipping: 495, tax: 399, total: 3264 });
    expect(orderTotals([], 495)).toEqual({ subtotal: 0, shipping: 495, tax: 0, total: 495 });
  });
});
