// Where the API's user errors of an order mutation belong on the form. Pure, unit tested.
import type { ApiUserError } from "../api/client";
import type { EditableLine } from "./lines";

export interface PlacedErrors {
  /** By form field: the API's name ("customer.email", "shippingAddress.postalCode"), or `line:<productId>:<field>`. */
  fields: Record<string, string>;
  /** Errors that name no field shown on the form. */
  general: string[];
  /** A stale expectedVersion: the server's "changed by … meanwhile" in English, the code's text in other languages. */
  conflict: string | null;
}

const FORM_FIELDS = new Set([
  "customer.name",
  "customer.email",
  "customer.phone",
  "shippingMethod",
  "shippingPrice",
  "paymentMethod",
  "customerNote",
  "merchantId",
  "lines",
  "shippingAddress",
  "billingAddress",
]);

/**
 * Sorts errors onto the form. `sentLines` are the lines in the order they were sent, so `lines.2.quantity` finds
 * the third line's product even if the person has reordered or removed lines since.
 */
export function placeErrors(
  errors: readonly ApiUserError[],
  sentLines: readonly Pick<EditableLine, "productId">[],
  text: (error: ApiUserError) => string,
): PlacedErrors {
  const placed: PlacedErrors = { fields: {}, general: [], conflict: null };
  for (const error of errors) {
    if (error.code === "VERSION_CONFLICT") {
      // The server's sentence (who changed what) in English; other languages say it by the code.
      placed.conflict = text(error);
      continue;
    }
    const field = error.field ?? "";
    const line = /^lines\.(\d+)\.(\w+)$/.exec(field);
    let key: string | null = null;
    if (line) {
      const sent = sentLines[Number(line[1])];
      if (sent) key = `line:${sent.productId}:${line[2]}`;
    } else if (FORM_FIELDS.has(field) || /^(shippingAddress|billingAddress)\.\w+$/.test(field)) {
      key = field;
    }
    if (key && !placed.fields[key]) placed.fields[key] = text(error);
    else placed.general.push(text(error));
  }
  return placed;
}

/** Problems found before sending (keys like the API's), as messages. */
export function localErrors(
  problems: Readonly<Record<string, string>>,
  lines: readonly Pick<EditableLine, "productId">[],
  message: (problem: string) => string,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [field, problem] of Object.entries(problems)) {
    const line = /^lines\.(\d+)\.(\w+)$/.exec(field);
    const sent = line ? lines[Number(line[1])] : undefined;
    fields[line && sent ? `line:${sent.productId}:${line[2]}` : field] = message(problem);
  }
  return fields;
}
