import { describe, expect, it } from "vitest";
import { API_KEY_FILTERS } from "../../accounts/ApiKeysPage";
import { PRODUCT_FILTERS } from "../../catalog/ProductsPage";
import { inboundFilters } from "../../inbound/InboundsPage";
import { choiceField, filtersCodec, flagField, nextFirst, readFilters, shownView, textField, writeFilters } from "./address";

const params = (query: string) => new URLSearchParams(query);

describe("a list's filters in the address", () => {
  const fields = { search: textField("q"), kind: choiceField("kind", ["A", "B"] as const), on: flagField("on") };

  it("shows the defaults for a plain address, and writes the defaults as nothing", () => {
    expect(readFilters(params(""), fields)).toEqual({ search: "", kind: "", on: false });
    expect(writeFilters({ search: "", kind: "", on: false }, fields).toString()).toBe("");
  });

  it("round-trips every filter", () => {
    const view: { search: string; kind: "" | "A" | "B"; on: boolean } = { search: "Lavendel Seife", kind: "B", on: true };
    const query = writeFilters(view, fields).toString();
    expect(query).toBe("q=Lavendel+Seife&kind=B&on=1");
    expect(readFilters(params(query), fields)).toEqual(view);
  });

  it("writes a search trimmed, and a blank one not at all", () => {
    expect(writeFilters({ search: "  soap ", kind: "", on: false }, fields).toString()).toBe("q=soap");
    expect(writeFilters({ search: "   ", kind: "", on: false }, fields).toString()).toBe("");
  });

  it("drops what it does not understand instead of failing", () => {
    expect(readFilters(params("kind=C&on=yes&q=x&other=1"), fields)).toEqual({ search: "x", kind: "", on: false });
    expect(readFilters(params("kind=a"), fields).kind).toBe(""); // choices are exact
    expect(readFilters(params("on=0"), fields).on).toBe(false);
  });

  it("names 'every row' where the default is a choice", () => {
    const open = { status: choiceField("status", ["OPEN", "CLOSED"] as const, "OPEN") };
    expect(readFilters(params(""), open)).toEqual({ status: "OPEN" });
    expect(writeFilters({ status: "OPEN" }, open).toString()).toBe("");
    expect(writeFilters({ status: "" }, open).toString()).toBe("status=all");
    expect(readFilters(params("status=all"), open)).toEqual({ status: "" });
    expect(readFilters(params("status=CLOSED"), open)).toEqual({ status: "CLOSED" });
    expect(readFilters(params("status=NONSENSE"), open)).toEqual({ status: "OPEN" });
  });

  it("makes a codec of the fields", () => {
    const codec = filtersCodec(fields);
    expect(codec.write(codec.read(params("q=a&kind=A")))).toEqual(params("q=a&kind=A"));
  });
});

describe("the list pages' addresses", () => {
  it("products: search, stock filter and archived ones", () => {
    expect(PRODUCT_FILTERS.read(params(""))).toEqual({ search: "", stock: "", includeArchived: false });
    const view = { search: "NL-SOAP", stock: "OUT_OF_STOCK" as const, includeArchived: true };
    expect(PRODUCT_FILTERS.write(view).toString()).toBe("q=NL-SOAP&stock=OUT_OF_STOCK&archived=1");
    expect(PRODUCT_FILTERS.read(PRODUCT_FILTERS.write(view))).toEqual(view);
    expect(PRODUCT_FILTERS.read(params("stock=PLENTY")).stock).toBe("");
  });

  it("deliveries: the warehouse starts on the open ones, everyone else on all", () => {
    const warehouse = inboundFilters(true);
    const merchant = inboundFilters(false);
    expect(warehouse.read(params(""))).toEqual({ search: "", status: "OPEN" });
    expect(merchant.read(params(""))).toEqual({ search: "", status: "" });
    expect(warehouse.write({ search: "", status: "" }).toString()).toBe("status=all");
    expect(merchant.write({ search: "", status: "OPEN" }).toString()).toBe("status=OPEN");
    expect(merchant.read(params("status=RECEIVING&q=PO-1"))).toEqual({ search: "PO-1", status: "RECEIVING" });
    expect(warehouse.read(params("status=all")).status).toBe("");
  });

  it("API keys: the revoked ones only when asked for", () => {
    expect(API_KEY_FILTERS.read(params(""))).toEqual({ includeRevoked: false });
    expect(API_KEY_FILTERS.write({ includeRevoked: true }).toString()).toBe("revoked=1");
    expect(API_KEY_FILTERS.read(params("revoked=1"))).toEqual({ includeRevoked: true });
  });
});

describe("the view a list shows", () => {
  const addressed = { search: "old" };
  const chosen = { base: "q=old", view: { search: "new" } };

  it("is the one just chosen until the address has moved", () => {
    expect(shownView(chosen, "q=old", addressed)).toBe(chosen.view);
  });

  it("is the address's once it has moved on (that change, or the back button)", () => {
    expect(shownView(chosen, "q=new", { search: "new" })).toEqual({ search: "new" });
    expect(shownView(chosen, "", { search: "" })).toEqual({ search: "" });
    expect(shownView(null, "q=old", addressed)).toBe(addressed);
  });
});

describe("load more", () => {
  it("grows the page up to the API's largest", () => {
    expect(nextFirst(50, 50, 100)).toBe(100);
    expect(nextFirst(100, 50, 100)).toBe(100);
    expect(nextFirst(75, 50, 100)).toBe(100);
    expect(nextFirst(25, 25, 100)).toBe(50);
  });
});
