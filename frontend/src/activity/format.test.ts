import { describe, expect, it } from "vitest";
import { de } from "../i18n/de";
import { en, type MessageKey } from "../i18n/en";
import { interpolate, type Locale, type Params } from "../i18n/format";
import { actorName, describeActor, describeEvent, EVENT_MESSAGES, humanizeType } from "./format";
import type { FeedEvent } from "./store";

const translator = (locale: Locale) => (key: MessageKey, params?: Params) =>
  interpolate((locale === "de" ? de : en)[key], params, locale);

const event = (type: string, payload: Record<string, unknown>, actorKind = "USER"): FeedEvent => ({
  seq: 1,
  topic: "USER",
  type,
  occurredAt: "2025-01-01T00:00:00+00:00",
  merchantId: null,
  entityId: "X",
  payload,
  actor: { kind: actorKind, label: "admin@packline.test" },
});

describe("describeEvent", () => {
  it("reads like a sentence in both languages", () => {
    const created = event("user.created", { email: "anna@nordlicht.test", role: "MERCHANT_ADMIN" });
    expect(describeEvent(created, translator("en"))).toBe("User anna@nordlicht.test created");
    expect(describeEvent(created, translator("de"))).toBe("Benutzer anna@nordlicht.test angelegt");
    const revoked = event("api_key.revoked", { name: "Shop sync", revoked: true });
    expect(describeEvent(revoked, translator("en"))).toBe("API key Shop sync revoked");
  });

  it("tells a merchant's deactivation from another change", () => {
    const base = { code: "M1", name: "Nordlicht", isActive: false };
    const off = event("merchant.updated", { ...base, changes: { isActive: { before: true, after: false } } });
    const renamed = event("merchant.updated", { ...base, changes: { name: { before: "N", after: "Nordlicht" } } });
    expect(describeEvent(off, translator("en"))).toBe("Merchant Nordlicht (M1) deactivated");
    expect(describeEvent(renamed, translator("de"))).toBe("Händler Nordlicht (M1) geändert");
  });

  it("has a line for every event type the backend emits so far", () => {
    const emitted = [
      "api_key.created", "api_key.revoked", "merchant.created", "merchant.updated", "user.created", "user.deactivated",
      "product.created", "product.updated", "product.archived", "product.restored", "stock.changed", "stock.transferred",
      "product_family.created", "product_family.updated", "product_family.deleted",
      "inbound.created", "inbound.received", "inbound.closed", "inbound.cancelled",
      "order.placed", "order.draft_created", "order.updated", "order.held", "order.released", "order.cancelled",
      "order.payment_updated", "order.allocated", "order.note_added",
      "order.picking", "order.picked", "order.short_picked", "order.picking_stopped", "order.packed", "order.shipped",
      "order.delivered", "order.ready_for_pickup", "order.collected",
      "picklist.created", "picklist.started", "picklist.picked", "picklist.line_short", "picklist.completed",
      "picklist.cancelled", "parcel.packed", "parcel.updated", "parcel.shipped", "parcel.delivered", "parcel.collected",
      "tracking.recorded",
    ];
    expect(Object.keys(EVENT_MESSAGES).sort()).toEqual(emitted.sort());
  });

  it("tells what happened to an order, in both languages", () => {
    const base = { number: "M1-1042", status: "READY", paymentStatus: "PENDING", customerName: "Erika Mustermann", version: 1 };
    const placed = event("order.placed", { ...base, change: "placed" });
    expect(describeEvent(placed, translator("en"))).toBe("Order M1-1042 placed (Erika Mustermann)");
    expect(describeEvent(placed, translator("de"))).toBe("Bestellung M1-1042 eingegangen (Erika Mustermann)");
    const held = event("order.held", { ...base, status: "ON_HOLD", holdReason: "Address check" });
    expect(describeEvent(held, translator("en"))).toBe("Order M1-1042 held: Address check");
    expect(describeEvent(event("order.cancelled", base), translator("de"))).toBe("Bestellung M1-1042 storniert");
  });

  it("says an order was paid when the payment update made it paid, and only then", () => {
    const paid = event("order.payment_updated", { number: "M1-7", paymentStatus: "PAID", change: "paid" });
    const failed = event("order.payment_updated", { number: "M1-7", paymentStatus: "FAILED", change: "payment_updated" });
    expect(describeEvent(paid, translator("en"))).toBe("Order M1-7 paid");
    expect(describeEvent(paid, translator("de"))).toBe("Bestellung M1-7 bezahlt");
    expect(describeEvent(failed, translator("en"))).toBe("Payment of order M1-7 updated");
  });

  it("formats quantities for the locale", () => {
    const received = event("inbound.received", { reference: "ASN-7", expected: 1200, received: 1150 });
    expect(describeEvent(received, translator("de"))).toBe("Wareneingang ASN-7 erfasst: 1.150 von 1.200 Stück");
    const moved = event("stock.transferred", { sku: "SOAP-1", quantity: 12, from: "A-01", to: "B-02" });
    expect(describeEvent(moved, translator("en"))).toBe("12 × SOAP-1 moved from A-01 to B-02");
  });

  it("falls back to a readable type for events it has no line for yet", () => {
    expect(humanizeType("order.partially_shipped")).toBe("Order partially shipped");
    expect(describeEvent(event("order.partially_shipped", {}), translator("en"))).toBe("Order partially shipped");
  });

  it("names the actor, or Packline for the system", () => {
    expect(describeActor(event("user.created", {}), translator("en"))).toBe("admin@packline.test");
    expect(describeActor(event("user.created", {}, "SYSTEM"), translator("de"))).toBe("Packline");
  });

  it("names an API key in the reader's language", () => {
    const key = { kind: "API_KEY", label: "API key Demo shop feed" };
    expect(actorName(key, translator("de"))).toBe("API-Schlüssel Demo shop feed");
    expect(actorName(key, translator("en"))).toBe("API key Demo shop feed");
    expect(actorName({ kind: "API_KEY", label: "Shop sync" }, translator("de"))).toBe("API-Schlüssel Shop sync");
    expect(actorName({ kind: "USER", label: "anna@nordlicht.test" }, translator("de"))).toBe("anna@nordlicht.test");
  });
});
