import { describe, expect, it } from "vitest";
import { familyEventMatches, type FamilyEvent } from "./familyEvents";

const family = { id: "F1", variants: [{ id: "P1", sku: "TEE-S" }, { id: "P2", sku: "TEE-M" }] };
const event = (topic: string, type: string, entityId: string, payload: Record<string, unknown> = {}): FamilyEvent => ({ topic, type, entityId, payload });

describe("familyEventMatches", () => {
  it("takes stock changes of the family's variants only", () => {
    expect(familyEventMatches(family, event("STOCK", "stock.changed", "S1", { sku: "TEE-M", available: 4 }))).toBe(true);
    expect(familyEventMatches(family, event("STOCK", "stock.changed", "S2", { sku: "MUG" }))).toBe(false);
  });

  it("takes changes of the family and of its variants", () => {
    expect(familyEventMatches(family, event("PRODUCT", "product_family.updated", "F1"))).toBe(true);
    expect(familyEventMatches(family, event("PRODUCT", "product.archived", "P2"))).toBe(true);
    expect(familyEventMatches(family, event("PRODUCT", "product.updated", "P9", { changes: { name: {} } }))).toBe(false);
    expect(familyEventMatches(family, event("PRODUCT", "product_family.updated", "F2"))).toBe(false);
  });

  it("takes products that may have joined it: new, restored or moved between families", () => {
    expect(familyEventMatches(family, event("PRODUCT", "product.created", "P9"))).toBe(true);
    expect(familyEventMatches(family, event("PRODUCT", "product.restored", "P9"))).toBe(true);
    expect(familyEventMatches(family, event("PRODUCT", "product.updated", "P9", { changes: { familyId: { before: "a", after: "b" } } }))).toBe(true);
  });

  it("ignores other topics", () => {
    expect(familyEventMatches(family, event("ORDER", "order.placed", "O1", { sku: "TEE-S" }))).toBe(false);
  });
});
