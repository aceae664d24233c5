import { describe, expect, it } from "vitest";
import { describeChanges } from "./history";

const format = { money: (amount: string) => `€${amount}`, enumValue: (field: string, value: string) => `${field}:${value}` };

describe("history entries", () => {
  it("shows each changed field with before and after, in words", () => {
    const rows = describeChanges(
      {
        status: { before: "READY", after: "ON_HOLD" },
        hold_reason: { before: "", after: "Customer asked to wait" },
        total: { before: "14.70", after: "19.60" },
        shipping_address: {
          before: { name: "Anna", line1: "Hauptstr. 1", postalCode: "04109", city: "Leipzig", country: "DE", company: "", line2: "", region: "", phone: "" },
          after: { name: "", company: "", line1: "", line2: "", postalCode: "", city: "", region: "", country: "", phone: "" },
        },
      },
      "EUR",
      format,
    );
    expect(rows).toEqual([
      { field: "status", before: "status:READY", after: "status:ON_HOLD" },
      { field: "hold_reason", before: "—", after: "Customer asked to wait" },
      { field: "total", before: "€14.70", after: "€19.60" },
      { field: "shipping_address", before: "Anna, Hauptstr. 1, 04109 Leipzig, DE", after: "—" },
    ]);
  });

  it("shows lines (prices kept in minor units), notes and allocations as plain values", () => {
    const rows = describeChanges(
      {
        lines: {
          before: [{ sku: "NL-SOAP-LAV", quantity: 2, unitPrice: 490 }],
          after: [
            { sku: "NL-SOAP-LAV", quantity: 3, unitPrice: 490 },
            { sku: "NL-CREAM-50", quantity: 1, unitPrice: 1299 },
          ],
        },
        note: "Call before delivery",
        allocated: { "NL-SOAP-LAV": 2 },
        tags: { before: [], after: ["vip", "phone"] },
      },
      "EUR",
      format,
    );
    expect(rows).toEqual([
      { field: "lines", before: "2 × NL-SOAP-LAV à €4.90", after: "3 × NL-SOAP-LAV à €4.90, 1 × NL-CREAM-50 à €12.99" },
      { field: "note", value: "Call before delivery" },
      { field: "allocated", value: "NL-SOAP-LAV: 2" },
      { field: "tags", before: "—", after: "vip, phone" },
    ]);
  });

  it("copes with an entry that records nothing", () => {
    expect(describeChanges({}, "EUR", format)).toEqual([]);
    expect(describeChanges(null, "EUR", format)).toEqual([]);
  });
});
