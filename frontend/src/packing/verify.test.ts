import { describe, expect, it } from "vitest";
import {
  computedWeight,
  isComplete,
  leftToScan,
  openUnits,
  parcelLines,
  parseTote,
  parseWeight,
  scanItem,
  unscan,
  type PackLine,
  type Verified,
} from "./verify";

const SOAP: PackLine = { id: "L1", sku: "NL-SOAP-LAV", name: "Lavendel Seife", picked: 2, barcode: "4006381333931", weightGrams: 110 };
const CREAM: PackLine = { id: "L2", sku: "NL-CREAM-50", name: "Gesichtscreme", picked: 1, barcode: null, weightGrams: 80 };
const OIL: PackLine = { id: "L3", sku: "NL-OIL-BODY", name: "Körperöl", picked: 0, weightGrams: null };
const LINES = [SOAP, CREAM, OIL];

describe("what is left to pack", () => {
  it("takes units in parcels still waiting off what is picked; shipped parcels are no longer picked units", () => {
    const open = openUnits(LINES, [
      { status: "PACKED", lines: [{ lineId: "L1", quantity: 1 }] },
      { status: "SHIPPED", lines: [{ lineId: "L2", quantity: 3 }] },
    ]);
    expect(open).toEqual({ L1: 1, L2: 1, L3: 0 });
  });
});

describe("scanning items into the parcel", () => {
  const open = openUnits(LINES, []);

  it("counts a scan on its line by barcode or by SKU in any case, and says what is left", () => {
    const first = scanItem(LINES, open, {}, " 4006381333931\n");
    expect(first).toMatchObject({ ok: true, left: 1, verified: { L1: 1 } });
    const second = scanItem(LINES, open, first.ok ? first.verified : {}, "nl-soap-lav");
    expect(second).toMatchObject({ ok: true, left: 0, verified: { L1: 2 } });
    expect(leftToScan(SOAP, open, second.ok ? second.verified : {})).toBe(0);
  });

  it("refuses a product that is not in the order, and one unit more than was picked, changing nothing", () => {
    expect(scanItem(LINES, open, {}, "BW-TENT-2P")).toEqual({ ok: false, reason: "unknown", code: "BW-TENT-2P" });
    const full: Verified = { L1: 2 };
    expect(scanItem(LINES, open, full, "NL-SOAP-LAV")).toEqual({ ok: false, reason: "extra", line: SOAP, open: 2 });
    // A line nothing was picked of takes no scan either.
    expect(scanItem(LINES, open, {}, "NL-OIL-BODY")).toMatchObject({ ok: false, reason: "extra", open: 0 });
    expect(full).toEqual({ L1: 2 });
  });

  it("takes a unit back out, and the parcel's lines are what was verified in line order", () => {
    const verified: Verified = { L2: 1, L1: 2 };
    expect(unscan(verified, "L1")).toEqual({ L2: 1, L1: 1 });
    expect(unscan({ L1: 1 }, "L1")).toEqual({});
    expect(unscan({}, "L1")).toEqual({});
    expect(parcelLines(LINES, verified)).toEqual([
      { lineId: "L1", quantity: 2 },
      { lineId: "L2", quantity: 1 },
    ]);
  });

  it("is complete when every open unit is scanned, not before and not with nothing", () => {
    expect(isComplete(LINES, open, {})).toBe(false);
    expect(isComplete(LINES, open, { L1: 2 })).toBe(false);
    expect(isComplete(LINES, open, { L1: 2, L2: 1 })).toBe(true);
  });
});

describe("the parcel's weight", () => {
  it("is the products' weights and the package's own, unknown when a product has none or nothing is in it", () => {
    expect(computedWeight(LINES, { L1: 2, L2: 1 }, 150)).toBe(2 * 110 + 80 + 150);
    expect(computedWeight(LINES, { L3: 1 }, 150)).toBeNull();
    expect(computedWeight(LINES, {}, 150)).toBeNull();
  });

  it("reads what a packer types, in grams or kilograms", () => {
    expect(parseWeight("1250")).toBe(1250);
    expect(parseWeight("1,25 kg")).toBe(1250);
    expect(parseWeight("0.4kg")).toBe(400);
    expect(parseWeight("0")).toBeNull();
    expect(parseWeight("heavy")).toBeNull();
  });
});

describe("a picklist's tote", () => {
  it("reads the forms a packer scans or types", () => {
    expect(parseTote("PL-12/3")).toEqual({ picklist: "PL-12", tote: 3 });
    expect(parseTote("pl-7 T2")).toEqual({ picklist: "PL-7", tote: 2 });
    expect(parseTote("PL-7-T2")).toEqual({ picklist: "PL-7", tote: 2 });
    expect(parseTote("M1-1004")).toBeNull();
  });
});
