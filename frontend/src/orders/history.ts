// An order's history entry as the API records it (`changes`: each changed field with before and after, or a plain
// value) turned into rows a person reads. Pure, unit tested; the page supplies the locale's formatting.

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
