import { describe, expect, it } from "vitest";
import { groupHits, moveHighlight, parseEntry, quantityStep, rankProducts, variantLabel } from "./search";

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

describe("grouping hits by family", () => {
  interface Hit {
    id: string;
    sku: string;
    name: string;
    barcode?: string | null;
    size?: string | null;
    colour?: string | null;
    family?: { id: string; name: string; variants?: Hit[] | null } | null;
  }
  const variants: Hit[] = ["S", "M", "L"].map((size) => ({ id: `T-${size}`, sku: `TEE-${size}-NVY`, name: `Tee ${size} Navy`, size, colour: "Navy" }));
  const tee = { id: "F-TEE", name: "Merino Tee", variants };
  const withFamily = (hit: Hit): Hit => ({ ...hit, family: tee });
  const soap: Hit = { id: "SOAP", sku: "SOAP", name: "Soap", family: { id: "F-SOAP", name: "Soap", variants: [] } };
  const single: Hit = { id: "ONE", sku: "ONE", name: "One", family: { id: "F-ONE", name: "One", variants: [{ id: "ONE", sku: "ONE", name: "One" }] } };

  it("offers every variant of a family under its name, once, where its best hit ranks", () => {
    const ranked = [withFamily(variants[1]!), soap, withFamily(variants[0]!)];
    const { groups, options, best } = groupHits(ranked, "tee");
    expect(groups.map((g) => [g.family?.name ?? null, g.options.map((o) => o.id)])).toEqual([
      ["Merino Tee", ["T-S", "T-M", "T-L"]],
      [null, ["SOAP"]],
    ]);
    expect(options.map((o) => o.id)).toEqual(["T-S", "T-M", "T-L", "SOAP"]);
    // A name finds the variants alike: the family's first option is highlighted.
    expect(best).toBe(0);
  });

  it("highlights the variant whose SKU or barcode was typed, inside its family", () => {
    const ranked = [withFamily(variants[1]!), soap];
    expect(groupHits(ranked, " tee-m-nvy ").best).toBe(1);
    expect(groupHits([withFamily({ ...variants[2]!, barcode: "4006381333931" })], "4006381333931").best).toBe(2);
  });

  it("leaves a family of one, or a product without its family, standing alone", () => {
    const { groups, best } = groupHits([single, { id: "X", sku: "X", name: "X" }]);
    expect(groups.map((g) => [g.family, g.options.map((o) => o.id)])).toEqual([
      [null, ["ONE"]],
      [null, ["X"]],
    ]);
    expect(best).toBe(0);
    expect(groupHits([]).best).toBe(-1);
  });

  it("does not offer a product twice when it was a hit of its own before its family came", () => {
    const alone = { ...variants[2]!, family: null };
    const { options } = groupHits([alone, withFamily(variants[0]!)]);
    expect(options.map((o) => o.id)).toEqual(["T-L", "T-S", "T-M"]);
  });

  it("labels a variant by its size and colour", () => {
    expect(variantLabel({ sku: "TEE-M", size: "M", colour: "Navy" })).toBe("M · Navy");
    expect(variantLabel({ sku: "SOCK-42", size: "39-42", colour: null })).toBe("39-42");
    expect(variantLabel({ sku: "MUG" })).toBe("MUG");
  });
});
