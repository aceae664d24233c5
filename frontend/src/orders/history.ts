// An order's history entry as the API records it (`changes`: each changed field with before and after, or a plain
// value) turned into rows a person reads, and what happened worded from the entry's kind and parameters. Pure, unit
// tested; the page supplies the locale's catalog and formatting.
import type { MessageKey } from "../i18n/en";
import type { Params } from "../i18n/format";

export interface ChangeFormat {
  /** A decimal amount of the order's currency ("12.50"). */
  money: (amount: string) => string;
  /** Enum values (statuses, methods) by field. */
  enumValue: (field: string, value: string) => string;
}

export interface ChangeRow {
  field: string;
  before?: string;
  after?: string;
  /** For fields recorded without before/after (the placed lines, a note, stock allocated). */
  value?: string;
}

const ENUM_FIELDS = new Set(["status", "payment_status", "payment_method", "shipping_method"]);
const MONEY_FIELDS = new Set(["total", "subtotal", "shipping_price"]);
const ADDRESS_KEYS = ["name", "company", "line1", "line2", "postalCode", "city", "region", "country", "phone"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasBeforeAfter(value: unknown): value is { before: unknown; after: unknown } {
  return isRecord(value) && "before" in value && "after" in value;
}

const EMPTY = "—";

/** One value of a field, as text. */
export function formatChangeValue(field: string, value: unknown, currency: string, format: ChangeFormat): string {
  if (value === null || value === undefined || value === "") return EMPTY;
  if (ENUM_FIELDS.has(field) && typeof value === "string") return format.enumValue(field, value);
  if (MONEY_FIELDS.has(field) && (typeof value === "string" || typeof value === "number")) return format.money(String(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY;
    return value
      .map((item) => {
        if (isRecord(item) && "sku" in item) {
          // A line as the history keeps it: unit price in minor units.
          const price = typeof item.unitPrice === "number" ? ` à ${format.money(minorToDecimal(item.unitPrice, currency))}` : "";
          return `${String(item.quantity ?? "?")} × ${String(item.sku)}${price}`;
        }
        return String(item);
      })
      .join(", ");
  }
  if (isRecord(value)) {
    if (ADDRESS_KEYS.some((key) => key in value)) {
      const v = value as Record<string, string | undefined>;
      const place = [v.postalCode, v.city].filter(Boolean).join(" ");
      const parts = [v.name, v.company, v.line1, v.line2, place, v.region, v.country, v.phone].filter((p) => p && p.trim());
      return parts.length ? parts.join(", ") : EMPTY;
    }
    const entries = Object.entries(value);
    return entries.length ? entries.map(([key, item]) => `${key}: ${String(item)}`).join(", ") : EMPTY;
  }
  return String(value);
}

function minorToDecimal(minor: number, currency: string): string {
  const exponent = currency === "JPY" || currency === "KRW" ? 0 : 2;
  if (exponent === 0) return String(minor);
  const abs = Math.abs(minor);
  return `${minor < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The rows of one history entry, in the order the server recorded them. */
export function describeChanges(changes: unknown, currency: string, format: ChangeFormat): ChangeRow[] {
  if (!isRecord(changes)) return [];
  return Object.entries(changes).map(([field, change]) => {
    if (hasBeforeAfter(change)) {
      return {
        field,
        before: formatChangeValue(field, change.before, currency, format),
        after: formatChangeValue(field, change.after, currency, format),
      };
    }
    return { field, value: formatChangeValue(field, change, currency, format) };
  });
}

// ---------------------------------------------------------------- what happened, in the reader's language

/** What the page lends `describeEntry` to word an entry: its catalog and the locale's formatting. */
export interface EntryWords {
  t: (key: MessageKey, params?: Params) => string;
  /** A history field's name ("customer_name" → "Kunde"). */
  fieldName: (field: string) => string;
  /** Enum values by field, as in `ChangeFormat`. */
  enumValue: (field: string, value: string) => string;
  /** "a, b and c" in the locale. */
  list: (items: string[]) => string;
}

type Words = (p: Record<string, unknown>, w: EntryWords) => [MessageKey, Params] | null;

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
const strings = (value: unknown): string[] | null =>
  Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : null;

function payment(kind: "paid" | "payment_updated"): Words {
  return (p, w) => {
    const reference = text(p.reference);
    if (reference === null) return null;
    if (p.paymentStatus === null) {
      const status = text(p.status);
      return status ? ["historyMessage.backTo", { status: w.enumValue("status", status) }] : null;
    }
    const status = text(p.paymentStatus);
    if (!status) return null;
    if (kind === "paid") return reference ? ["historyMessage.paidReference", { reference }] : ["historyMessage.paid", {}];
    const named = w.enumValue("payment_status", status);
    return reference
      ? ["historyMessage.paymentReference", { status: named, reference }]
      : ["historyMessage.payment", { status: named }];
  };
}

/**
 * One line per kind of entry the backend records (backend/orders/history.py, HISTORY_KINDS, with the parameters
 * each has); a test compares the two lists.
 */
export const HISTORY_MESSAGES: Record<string, Words> = {
  placed: (p, w) => {
    const number = text(p.number);
    const source = text(p.source);
    return number && source ? ["historyMessage.placed", { number, source: w.enumValue("source", source) }] : null;
  },
  draft_created: (p) => (text(p.number) ? ["historyMessage.draft_created", { number: text(p.number) }] : null),
  draft_completed: (p) => (text(p.number) ? ["historyMessage.draft_completed", { number: text(p.number) }] : null),
  updated: (p, w) => {
    const fields = strings(p.fields);
    return fields && fields.length ? ["historyMessage.updated", { fields: w.list(fields.map(w.fieldName)) }] : null;
  },
  held: (p) => (text(p.reason) !== null ? ["historyMessage.held", { reason: text(p.reason) }] : null),
  released: (p) => {
    const note = text(p.note);
    if (note === null) return null;
    return note ? ["historyMessage.releasedNote", { note }] : ["historyMessage.released", {}];
  },
  cancelled: (p) => {
    const reason = text(p.reason);
    if (reason === null) return null;
    return typeof p.unpaidDays === "number"
      ? ["historyMessage.cancelledUnpaid", { days: p.unpaidDays }]
      : ["historyMessage.cancelled", { reason }];
  },
  paid: payment("paid"),
  payment_updated: payment("payment_updated"),
  allocated: (p, w) => {
    const units = p.units;
    if (!isRecord(units) || Object.keys(units).length === 0) return null;
    const parts = Object.entries(units).map(([sku, quantity]) => w.t("historyMessage.units", { quantity: Number(quantity), sku }));
    return ["historyMessage.allocated", { units: w.list(parts) }];
  },
  note_added: (p) => (text(p.text) !== null ? ["historyMessage.note_added", { text: text(p.text) }] : null),
  tagged: (p, w) => {
    const tags = strings(p.tags);
    if (tags === null) return null;
    return tags.length ? ["historyMessage.tagged", { tags: w.list(tags) }] : ["historyMessage.taggedNone", {}];
  },
  picking: (p) => (text(p.picklist) ? ["historyMessage.picking", { picklist: text(p.picklist) }] : null),
  picked: (p) => (text(p.picklist) ? ["historyMessage.picked", { picklist: text(p.picklist) }] : null),
  short_picked: (p) =>
    text(p.sku) && typeof p.units === "number" && text(p.why) !== null
      ? ["historyMessage.short_picked", { sku: text(p.sku), quantity: p.units, why: text(p.why) }]
      : null,
  picking_stopped: (p) => (text(p.picklist) ? ["historyMessage.picking_stopped", { picklist: text(p.picklist) }] : null),
  packed: (p) => (text(p.parcel) ? ["historyMessage.packed", { parcel: text(p.parcel) }] : null),
  shipped: (p) =>
    text(p.parcel) && text(p.carrier)
      ? ["historyMessage.shipped", { parcel: text(p.parcel), carrier: text(p.carrier), tracking: text(p.trackingNumber) ?? "" }]
      : null,
  delivered: (p) => (text(p.parcel) ? ["historyMessage.delivered", { parcel: text(p.parcel) }] : null),
  ready_for_pickup: () => ["historyMessage.ready_for_pickup", {}],
  collected: (p) => (text(p.collectedBy) ? ["historyMessage.collected", { collectedBy: text(p.collectedBy) }] : null),
};

/**
 * The entry in the reader's language, from its kind and parameters; null when the entry has none that fit (one
 * recorded before parameters were kept whose sentence could not be read back): the page shows `message` then.
 */
export function describeEntry(kind: string, params: unknown, words: EntryWords): string | null {
  const describe = HISTORY_MESSAGES[kind];
  if (!describe || !isRecord(params)) return null;
  const described = describe(params, words);
  return described ? words.t(described[0], described[1]) : null;
}
