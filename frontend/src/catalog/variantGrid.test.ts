import { describe, expect, it } from "vitest";
import { availableOf, hasGrid, variantGrid, type GridVariant } from "./variantGrid";

let next = 0;
function variant(size: string | null, colour: string | null, available: number, more: Partial<GridVariant> = {}): GridVariant {
  next += 1;
  return {
    id: `P${next}`,
    sku: `TEE-${size ?? "x"}-${colour ?? "x"}`,
    size,
    colour,
    lowStockThreshold: 3,
    stockTotal: { available },
    stock: [{ available, warehouse: { id: "W1" } }],
    ...more,
  };
}

const availability = (grid: ReturnType<typeof variantGrid>) => grid.cells.map((row) => row.map((c) => (c.variant ? c.available : "—")));

describe("variantGrid", () => {
  it("lays the variants out by size and colour in the family's order, with gaps where no variant is", () => {
    const variants = [variant("L", "Navy", 2), variant("S", "Black", 12), variant("S", "Navy", 0), variant("M", "Black", 25)];
    const grid = variantGrid(["S", "M", "L"], ["Black", "Navy"], variants);
    expect(grid.sizes).toEqual(["S", "M", "L"]);
    expect(grid.colours).toEqual(["Black", "Navy"]);
    expect(availability(grid)).toEqual([
      [12, 0],
      [25, "—"],
      ["—", 2],
    ]);
    expect(grid.cells.map((row) => row.map((c) => c.state))).toEqual([
      ["available", "out"],
      ["available", "missing"],
      ["missing", "low"],
    ]);
    expect(grid.cells[0]![1]!.variant?.sku).toBe("TEE-S-Navy");
  });

  it("adds up what is available per size, per colour and in all, counting sold-out (negative) cells as none", () => {
    const grid = variantGrid(["S", "M"], ["Black", "Navy"], [variant("S", "Black", 4), variant("S", "Navy", -2), variant("M", "Navy", 5)]);
    expect(grid.rowTotals).toEqual([4, 5]);
    expect(grid.columnTotals).toEqual([4, 5]);
    expect(grid.total).toBe(9);
  });

  it("matches sizes and colours without regard to case, as the API keeps them unique", () => {
    const grid = variantGrid(["M"], ["Navy"], [variant("m", "NAVY", 7)]);
    expect(grid.sizes).toEqual(["M"]);
    expect(availability(grid)).toEqual([[7]]);
  });

  it("gives variants without a size or colour a row or column of their own, and only then", () => {
    const sizesOnly = variantGrid(["39-42", "43-46"], [], [variant("39-42", null, 8), variant("43-46", null, 0)]);
    expect(sizesOnly.colours).toEqual([null]);
    expect(availability(sizesOnly)).toEqual([[8], [0]]);
    const mixed = variantGrid(["M"], ["Red"], [variant("M", "Red", 1), variant(null, null, 3)]);
    expect(mixed.sizes).toEqual(["M", null]);
    expect(mixed.colours).toEqual(["Red", null]);
    expect(availability(mixed)).toEqual([
      [1, "—"],
      ["—", 3],
    ]);
  });

  it("takes a value only a variant knows (an axis list from before a change) instead of losing the variant", () => {
    const grid = variantGrid(["S"], ["Black"], [variant("S", "Black", 1), variant("XL", "Black", 2)]);
    expect(grid.sizes).toEqual(["S", "XL"]);
    expect(availability(grid)).toEqual([[1], [2]]);
  });

  it("shows one warehouse's stock when one is chosen", () => {
    const spread = variant("M", "Navy", 10, { stock: [{ available: 4, warehouse: { id: "W1" } }, { available: 6, warehouse: { id: "W2" } }] });
    expect(availableOf(spread, null)).toBe(10);
    expect(availableOf(spread, "W2")).toBe(6);
    expect(availableOf(spread, "W9")).toBe(0);
    expect(availability(variantGrid(["M"], ["Navy"], [spread], "W1"))).toEqual([[4]]);
  });

  it("is worth showing for a family of several variants, or of one with a size or colour", () => {
    expect(hasGrid([variant(null, null, 1)])).toBe(false);
    expect(hasGrid([variant("M", null, 1)])).toBe(true);
    expect(hasGrid([variant(null, null, 1), variant(null, "Red", 1)])).toBe(true);
  });
});
