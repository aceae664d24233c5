import { describe, expect, it } from "vitest";
import { de } from "./de";
import { en } from "./en";
import { compareCatalogs, placeholders } from "./catalogCheck";
import { formatDateTime, formatMoney, formatNumber, formatRelative, initialLocale, interpolate } from "./format";

describe("catalogs", () => {
  it("translate every key, with the same placeholders, and nothing empty", () => {
    expect(compareCatalogs(en, de)).toEqual([]);
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it("are compared key by key, nested keys too", () => {
    const english = { orders: { title: "Orders", status: { READY: "Ready" } }, app: "Packline" };
    expect(compareCatalogs(english, { orders: { title: "Bestellungen", status: { READY: "Versandbereit" } }, app: "Packline" })).toEqual([]);
    expect(compareCatalogs(english, { orders: { title: "Bestellungen", status: {} }, app: "Packline", extra: "Nur hier" })).toEqual([
      "orders.status.READY: in en, missing in de",
      "extra: in de, missing in en",
    ]);
    expect(compareCatalogs(english, { orders: { title: " ", status: { READY: { x: "y" } } }, app: "Packline" })).toEqual([
      "orders.status.READY: in en, missing in de",
      "orders.status.READY.x: in de, missing in en",
      "orders.title: empty in de",
    ]);
  });

  it("need the same placeholders and complete plurals on both sides", () => {
    const english = { count: "{count, plural, one {# order} other {# orders}} for {name}", hi: "Hi {name}" };
    expect(compareCatalogs(english, { count: "{count, plural, one {# Bestellung} other {# Bestellungen}} für {name}", hi: "Hallo {name}" })).toEqual([]);
    expect(compareCatalogs(english, { count: "{count} Bestellungen für {name}", hi: "Hallo {nam}" })).toEqual([
      "count: placeholders en [count:plural, name], de [count, name]",
      "hi: placeholders en [name], de [nam]",
    ]);
    expect(compareCatalogs(english, { count: "{count, plural, one {# Bestellung}} für {name}", hi: "Hallo {name}" })).toEqual([
      'count: plural {count} without "other" in de',
    ]);
    expect(placeholders("{status}: {count, plural, one {# order} other {# orders}}")).toEqual(["count:plural", "status"]);
  });
});

describe("interpolate", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(interpolate("User {email} created", { email: "a@b.test" })).toBe("User a@b.test created");
    expect(interpolate("Hi {name}", {})).toBe("Hi {name}");
  });

  it("chooses plural forms by the locale's rules and formats the number", () => {
    const template = "{count, plural, one {# event} other {# events}}";
    expect(interpolate(template, { count: 1 }, "en")).toBe("1 event");
    expect(interpolate(template, { count: 0 }, "en")).toBe("0 events");
    expect(interpolate(template, { count: 1200 }, "en")).toBe("1,200 events");
    expect(interpolate("{count, plural, one {# Ereignis} other {# Ereignisse}}", { count: 1200 }, "de")).toBe(
      "1.200 Ereignisse",
    );
  });
});

describe("Intl formatting", () => {
  it("formats numbers and money per locale", () => {
    expect(formatNumber(1234567.5, "de")).toBe("1.234.567,5");
    expect(formatNumber(1234567.5, "en")).toBe("1,234,567.5");
    expect(formatMoney("1234.50", "EUR", "de")).toBe("1.234,50\u00a0€");
    expect(formatMoney("1234.50", "EUR", "en")).toBe("€1,234.50");
  });

  it("formats dates per locale in the given zone", () => {
    const iso = "2025-03-07T15:04:00+00:00";
    expect(formatDateTime(iso, "de", "Europe/Berlin")).toBe("07.03.2025, 16:04");
    expect(formatDateTime(iso, "en", "UTC")).toBe("7 Mar 2025, 15:04");
  });

  it("says how long ago something happened", () => {
    const now = new Date("2025-03-07T15:10:00Z");
    expect(formatRelative("2025-03-07T15:09:50Z", "en", now)).toBe("now");
    expect(formatRelative("2025-03-07T15:05:00Z", "de", now)).toBe("vor 5 Minuten");
    expect(formatRelative("2025-03-07T12:10:00Z", "en", now)).toBe("3 hours ago");
  });
});

describe("initialLocale", () => {
  it("prefers the remembered choice, then the browser's languages", () => {
    expect(initialLocale("de", ["en-US"])).toBe("de");
    expect(initialLocale(null, ["fr-FR", "de-AT", "en"])).toBe("de");
    expect(initialLocale(null, ["fr"])).toBe("en");
    expect(initialLocale("xx", [])).toBe("en");
  });
});
