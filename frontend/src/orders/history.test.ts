import { describe, expect, it } from "vitest";
import backendHistory from "../../../backend/orders/history.py?raw";
import { de } from "../i18n/de";
import { en, type MessageKey } from "../i18n/en";
import { interpolate, type Locale, type Params } from "../i18n/format";
import { describeChanges, describeEntry, HISTORY_MESSAGES, type EntryWords } from "./history";

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

describe("what happened, in the reader's language", () => {
  const words = (locale: Locale): EntryWords => {
    const catalog = locale === "de" ? de : en;
    const t = (key: MessageKey, params?: Params) => interpolate(catalog[key], params, locale);
    const named = (prefix: string, value: string) => {
      const key = `${prefix}.${value}` as MessageKey;
      return key in catalog ? t(key) : value;
    };
    const prefixes: Record<string, string> = { status: "orderStatus", payment_status: "paymentStatus", source: "orderSource" };
    const list = new Intl.ListFormat(locale === "de" ? "de-DE" : "en-GB", { type: "conjunction" });
    return {
      t,
      fieldName: (field) => named("historyField", field),
      enumValue: (field, value) => named(prefixes[field] ?? field, value),
      list: (items) => list.format(items),
    };
  };
  const say = (locale: Locale, kind: string, params: unknown) => describeEntry(kind, params, words(locale));

  it("words every kind from its parameters, in German and English", () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ["placed", { number: "M1-1031", source: "PHONE" }, "Order M1-1031 placed (Phone)", "Bestellung M1-1031 eingegangen (Telefon)"],
      ["draft_created", { number: "M1-7" }, "Draft M1-7 started", "Entwurf M1-7 begonnen"],
      ["draft_completed", { number: "M1-7" }, "Draft M1-7 completed and placed", "Entwurf M1-7 abgeschlossen und aufgegeben"],
      ["updated", { fields: ["customer_name", "shipping_address", "total"] }, "Changed: Customer, Shipping address and Total",
        "Geändert: Kunde, Lieferadresse und Gesamt"],
      ["held", { reason: "Fraud check" }, "Held: Fraud check", "Angehalten: Fraud check"],
      ["released", { note: "" }, "Hold released", "Freigegeben"],
      ["released", { note: "checked" }, "Hold released: checked", "Freigegeben: checked"],
      ["cancelled", { reason: "Customer withdrew" }, "Cancelled: Customer withdrew", "Storniert: Customer withdrew"],
      ["cancelled", { reason: "Not paid within 1 days", unpaidDays: 1 }, "Cancelled: not paid within 1 day",
        "Storniert: nicht innerhalb von 1 Tag bezahlt"],
      ["cancelled", { reason: "Not paid within 14 days", unpaidDays: 14 }, "Cancelled: not paid within 14 days",
        "Storniert: nicht innerhalb von 14 Tagen bezahlt"],
      ["paid", { paymentStatus: "PAID", reference: "" }, "Marked as paid", "Als bezahlt markiert"],
      ["paid", { paymentStatus: "PAID", reference: "SEPA 42" }, "Marked as paid (reference SEPA 42)", "Als bezahlt markiert (Referenz SEPA 42)"],
      ["payment_updated", { paymentStatus: "FAILED", reference: "" }, "Payment: Failed", "Zahlung: Fehlgeschlagen"],
      ["payment_updated", { paymentStatus: "AUTHORIZED", reference: "psp_1" }, "Payment: Authorized (reference psp_1)",
        "Zahlung: Autorisiert (Referenz psp_1)"],
      ["payment_updated", { paymentStatus: null, reference: "", status: "AWAITING_PAYMENT" }, "Back to “Awaiting payment”",
        "Zurück auf „Wartet auf Zahlung“"],
      ["allocated", { units: { "NL-SOAP": 2, "NL-CREAM": 1200 } }, "Stock allocated: 2 × NL-SOAP and 1,200 × NL-CREAM",
        "Bestand zugeteilt: 2 × NL-SOAP und 1.200 × NL-CREAM"],
      ["note_added", { text: "Call first" }, "“Call first”", "„Call first“"],
      ["tagged", { tags: ["vip", "gift wrap"] }, "Tags now: vip and gift wrap", "Schlagwörter jetzt: vip und gift wrap"],
      ["tagged", { tags: [] }, "All tags removed", "Alle Schlagwörter entfernt"],
    ];
    for (const [kind, params, english, german] of cases) {
      expect(say("en", kind, params), kind).toBe(english);
      expect(say("de", kind, params), kind).toBe(german);
    }
  });

  it("has a line for every kind the backend records", () => {
    const kinds = [...backendHistory.matchAll(/^ {4}"(\w+)": HistoryKind\(/gm)].map((m) => m[1]);
    expect(kinds.length).toBeGreaterThan(10);
    expect(Object.keys(HISTORY_MESSAGES).sort()).toEqual(kinds.sort());
  });

  it("gives up, so that the stored sentence shows, when the parameters are missing or do not fit", () => {
    expect(say("de", "placed", {})).toBeNull(); // recorded before parameters were kept
    expect(say("de", "held", { why: "x" })).toBeNull();
    expect(say("de", "updated", { fields: "total" })).toBeNull();
    expect(say("de", "allocated", { units: {} })).toBeNull();
    expect(say("de", "shipped", { carrier: "DHL" })).toBeNull(); // a kind this dashboard does not know yet
    expect(say("de", "held", null)).toBeNull();
  });

  it("names unknown fields as recorded", () => {
    expect(say("en", "updated", { fields: ["gift_message"] })).toBe("Changed: gift_message");
  });
});
