import { describe, expect, it } from "vitest";
import { moveHighlight, parseEntry, quantityStep, rankProducts } from "./search";

describe("search entry", () => {
  it("reads an optional leading quantity", () => {
    expect(parseEntry("3*NL-SOAP-LAV")).toEqual({ quantity: 3, term: "NL-SOAP-LAV" });
    expect(parseEntry(" 12 x lavendel seife ")).toEqual({ quantity: 12, term: "lavendel seife" });
    expect(parseEntry("2×4006381333931")).toEqual({ quantity: 2, term: "4006381333931" });
    expect(parseEntry("4006381333931")).toEqual({ quantity: 1, term: "4006381333931" });
    expect(parseEntry("0*abc")).toEqual({ quantity: 1, term: "0*abc" });
    expect(parseEntry("x-ray")).toEqual({ quantity: 1, term: "x-ray" });
    expect(parseEntry("")).toEqual({ quantity: 1, term: "" });
  });
});

describe("ranking hits", () => {
  const products = [
    { id: "1", sku: "NL-OIL-BODY", name: "Körperöl Lavendel", barcode: null },
    { id: "2", sku: "NL-SOAP-LAV", name: "Lavendel Seife 100 g", barcode: "4006381333931" },
    { id: "3", sku: "LAV-SET", name: "Geschenkset", barcode: "4006381333948" },
    { id: "4", sku: "NL-SOAP-ROS", name: "Rosen Seife", barcode: null },
  ];

  it("puts exact codes first, then SKU prefixes, then names", () => {
    expect(rankProducts(products, "4006381333931").map((p) => p.id)[0]).toBe("2");
    expect(rankProducts(products, "nl-soap-ros").map((p) => p.id)[0]).toBe("4");
    expect(rankProducts(products, "lav").map((p) => p.id)).toEqual(["3", "2", "1", "4"]);
    expect(rankProducts(products, "").map((p) => p.id)).toEqual(["1", "2", "3", "4"]);
  });
});

describe("keyboard", () => {
  it("moves the highlight and wraps around", () => {
    expect(moveHighlight(0, "ArrowDown", 3)).toBe(1);
    expect(moveHighlight(2, "ArrowDown", 3)).toBe(0);
    expect(moveHighlight(0, "ArrowUp", 3)).toBe(2);
    expect(moveHighlight(-1, "ArrowDown", 3)).toBe(0);
    expect(moveHighlight(1, "Home", 3)).toBe(0);
    expect(moveHighlight(0, "End", 3)).toBe(2);
    expect(moveHighlight(5, "Tab", 3)).toBe(2);
    expect(moveHighlight(0, "ArrowDown", 0)).toBe(-1);
  });

  it("steps quantities by one or ten", () => {
    expect([quantityStep("ArrowUp"), quantityStep("ArrowDown"), quantityStep("PageUp"), quantityStep("PageDown"), quantityStep("a")]).toEqual([
      1, -1, 10, -10, null,
    ]);
  });
});
