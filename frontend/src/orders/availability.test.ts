import { describe, expect, it } from "vitest";
import { availableIn, shipFromChoices } from "./availability";

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

describe("warehouses a phone order may ship from", () => {
  const warehouses = [
    { id: "V2FyZWhvdXNlOjE=", isActive: true },
    { id: "V2FyZWhvdXNlOjI=", isActive: false },
    { id: "V2FyZWhvdXNlOjM=", isActive: true },
  ];

  it("are the active ones for a new order", () => {
    expect(shipFromChoices(warehouses, null).map((w) => w.id)).toEqual(["V2FyZWhvdXNlOjE=", "V2FyZWhvdXNlOjM="]);
  });

  it("keep a draft's warehouse that was deactivated since, in the list's order", () => {
    expect(shipFromChoices(warehouses, "V2FyZWhvdXNlOjI=").map((w) => w.id)).toEqual([
      "V2FyZWhvdXNlOjE=",
      "V2FyZWhvdXNlOjI=",
      "V2FyZWhvdXNlOjM=",
    ]);
  });
});
