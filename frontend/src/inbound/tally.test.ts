import { describe, expect, it } from "vitest";
import { addUnits, findByCode, normalizeCode, removeLine, setUnits, toReceipts, totals, type Tally } from "./tally";

const soap = { id: "P1", sku: "NL-SOAP-LAV", name: "Lavendel Seife", barcode: "4006381333931" };
const rose = { id: "P2", sku: "NL-SOAP-ROS", name: "Rosen Seife", barcode: "4006381333948" };
const oil = { id: "P3", sku: "NL-OIL-BODY", name: "Körperöl", barcode: null };

describe("scan lookup", () => {
  it("finds a product by its barcode or, regardless of case, by its SKU", () => {
    expect(findByCode([soap, rose, oil], "4006381333948")).toBe(rose);
    expect(findByCode([soap, rose, oil], "nl-oil-body")).toBe(oil);
    expect(findByCode([soap, rose, oil], " 4006381333931\r")).toBe(soap);
  });

  it("finds nothing for an unknown, partial or empty code", () => {
    expect(findByCode([soap, rose], "4006381333932")).toBeUndefined();
    expect(findByCode([soap, rose], "400638133393")).toBeUndefined();
    expect(findByCode([soap, rose], "   ")).toBeUndefined();
  });

  it("strips what scanners add around the code", () => {
    expect(normalizeCode("\u0002 4006381333931\t\n")).toBe("4006381333931");
  });
});

describe("tally", () => {
  it("adds one unit per scan, one line per product, in the order first scanned", () => {
    let tally: Tally = [];
    for (const product of [soap, soap, rose, soap]) tally = addUnits(tally, product);
    expect(tally.map((l) => [l.product.sku, l.received, l.damaged])).toEqual([
      ["NL-SOAP-LAV", 3, 0],
      ["NL-SOAP-ROS", 1, 0],
    ]);
    expect(totals(tally)).toEqual({ received: 4, damaged: 0 });
  });

  it("counts down with −, never below zero, and drops a line at zero", () => {
    let tally = addUnits(addUnits([], soap), soap);
    tally = addUnits(tally, soap, -1);
    expect(tally[0]!.received).toBe(1);
    tally = addUnits(tally, soap, -5);
    expect(tally).toEqual([]);
    expect(addUnits([], soap, -1)).toEqual([]);
  });

  it("keeps a line with damaged units only, and takes typed counts as whole non-negative numbers", () => {
    let tally = addUnits([], rose, 2);
    tally = setUnits(tally, "P2", "damaged", 1.7);
    tally = setUnits(tally, "P2", "received", 0);
    expect(tally).toEqual([{ product: rose, received: 0, damaged: 1 }]);
    expect(setUnits(tally, "P2", "damaged", -3)).toEqual([]);
    expect(setUnits(addUnits([], rose), "P2", "received", Number.NaN)).toEqual([]);
  });

  it("removes a line and leaves the others", () => {
    const tally = addUnits(addUnits([], soap), rose);
    expect(removeLine(tally, "P1").map((l) => l.product.id)).toEqual(["P2"]);
  });

  it("books one receipt per product into the chosen bin", () => {
    const tally = setUnits(addUnits(addUnits([], soap, 5), rose), "P2", "damaged", 2);
    expect(toReceipts(tally, " a-01-01 ")).toEqual([
      { productId: "P1", received: 5, damaged: 0, locationCode: "A-01-01" },
      { productId: "P2", received: 1, damaged: 2, locationCode: "A-01-01" },
    ]);
    expect(toReceipts(tally, "")[0]!.locationCode).toBeNull();
  });
});
