import { describe, expect, it } from "vitest";
// The server's rules themselves, so the two lists cannot drift apart unnoticed.
import model from "../../../backend/orders/model.py?raw";
import { SHIPPING_COUNTRIES, countryOptions } from "./countries";

describe("countries", () => {
  it("offers exactly the countries the server's address check knows", () => {
    // backend/orders/model.py: POSTAL_CODE_FORMATS keys plus the further KNOWN_COUNTRIES.
    const formats = model.slice(model.indexOf("POSTAL_CODE_FORMATS"), model.indexOf("KNOWN_COUNTRIES ="));
    const extra = model.slice(model.indexOf("KNOWN_COUNTRIES ="), model.indexOf("@dataclass", model.indexOf("KNOWN_COUNTRIES =")));
    const known = new Set([...formats.matchAll(/"([A-Z]{2})": \(/g), ...extra.matchAll(/"([A-Z]{2})"/g)].map((m) => m[1]));
    expect(new Set(SHIPPING_COUNTRIES)).toEqual(known);
    expect(known.size).toBeGreaterThan(30);
  });

  it("names them in the user's language, home market first", () => {
    const de = countryOptions("de");
    expect(de[0]).toEqual({ code: "DE", name: "Deutschland" });
    expect(de.find((c) => c.code === "AT")?.name).toBe("Österreich");
    expect(countryOptions("en").find((c) => c.code === "CH")?.name).toBe("Switzerland");
  });
});
