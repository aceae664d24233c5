import { describe, expect, it } from "vitest";
import { availableIn } from "./availability";

const product = {
  stockTotal: { available: 12 },
  stock: [
    { available: 2, warehouse: { id: "V2FyZWhvdXNlOjE=" } },
    { available: 10, warehouse: { id: "V2FyZWhvdXNlOjI=" } },
  ],
};

describe("availability for an order", () => {
  it("counts only the order's warehouse", () => {
    expect(availableIn(product, "V2FyZWhvdXNlOjE=")).toBe(2);
    expect(availableIn(product, "V2FyZWhvdXNlOjI=")).toBe(10);
  });

  it("is nothing where the product has no stock", () => {
    expect(availableIn(product, "V2FyZWhvdXNlOjM=")).toBe(0);
    expect(availableIn({ stockTotal: { available: 0 }, stock: [] }, "V2FyZWhvdXNlOjE=")).toBe(0);
  });

  it("is what all warehouses have while the warehouse is not known", () => {
    expect(availableIn(product, null)).toBe(12);
  });
});
