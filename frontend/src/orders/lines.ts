// The order lines a person edits (phone order, order detail): a reducer over what was typed, the checks before it
// is sent, the running totals and how many units would wait for stock. Pure functions, unit tested.
import { orderTotals, taxRateBasisPoints, toMinor, fromMinor, type Totals } from "./money";

/** The product facts a line needs to be shown and sent. */
export interface LineProduct {
  id: string;
  sku: string;
  name: string;
}

export interface EditableLine {
  productId: string;
  sku: string;
  name: string;
  /** As typed; checked before sending. */
  quantity: string;
  /** Gross unit price as typed ("4,90"). */
  unitPrice: string;
  /** Percent as typed ("19"). */
  taxRate: string;
}

export const DEFAULT_TAX_RATE = "19";
export const MAX_QUANTITY = 100_000;
export const MAX_LINES = 200;

export type LineAction =
  | { type: "add"; product: LineProduct; quantity?: number; unitPrice?: string; taxRate?: string }
  | { type: "setQuantity"; productId: string; value: string }
  | { type: "step"; productId: string; delta: number }
  | { type: "setPrice"; productId: string; value: string }
  | { type: "setTaxRate"; productId: string; value: string }
  | { type: "remove"; productId: string }
  | { type: "reset"; lines: EditableLine[] };

/** A typed quantity as a whole number, or null. */
export function parseQuantity(raw: string): number | null {
  const text = raw.trim();
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= 1 && value <= MAX_QUANTITY ? value : null;
}

function clampQuantity(value: number): number {
  return Math.min(Math.max(Math.trunc(value), 1), MAX_QUANTITY);
}

function update(lines: readonly EditableLine[], productId: string, change: (line: EditableLine) => EditableLine): EditableLine[] {
  return lines.map((line) => (line.productId === productId ? change(line) : line));
}

/**
 * Adding a product already on the order adds to its quantity (the API keeps one line per product); stepping
 * never goes below one (removing is its own action, so a held-down arrow key cannot delete a line).
 */
export function linesReducer(lines: readonly EditableLine[], action: LineAction): EditableLine[] {
  switch (action.type) {
    case "add": {
      const units = clampQuantity(action.quantity ?? 1);
      const existing = lines.find((line) => line.productId === action.product.id);
      if (existing) {
        const current = parseQuantity(existing.quantity) ?? 0;
        return update(lines, existing.productId, (line) => ({ ...line, quantity: String(clampQuantity(current + units)) }));
      }
      if (lines.length >= MAX_LINES) return [...lines];
      return [
        ...lines,
        {
          productId: action.product.id,
          sku: action.product.sku,
          name: action.product.name,
          quantity: String(units),
          unitPrice: action.unitPrice ?? "",
          taxRate: action.taxRate ?? DEFAULT_TAX_RATE,
        },
      ];
    }
    case "setQuantity":
      return update(lines, action.productId, (line) => ({ ...line, quantity: action.value }));
    case "step":
      return update(lines, action.productId, (line) => {
        const current = parseQuantity(line.quantity);
        return { ...line, quantity: String(clampQuantity((current ?? 0) + action.delta)) };
      });
    case "setPrice":
      return update(lines, action.productId, (line) => ({ ...line, unitPrice: action.value }));
    case "setTaxRate":
      return update(lines, action.productId, (line) => ({ ...line, taxRate: action.value }));
    case "remove":
      return lines.filter((line) => line.productId !== action.productId);
    case "reset":
      return [...action.lines];
  }
}

/** What `OrderLineInput` takes. */
export interface LineInput {
  productId: string;
  quantity: number;
  unitPrice: string;
  taxRate: string;
}

/** Problems by `lines.<index>.<field>` (the API's own field names), each a message key's suffix. */
export type LineProblems = Record<string, "quantity" | "price" | "taxRate">;

/**
 * The lines as the API takes them, or what is wrong with them (keyed like the API's errors, so both show at the
 * same field). An empty price is 0 (a free item); prices and rates go out normalized ("4,90" -> "4.90").
 */
export function toLineInputs(lines: readonly EditableLine[], currency = "EUR"): { inputs: LineInput[]; problems: LineProblems } {
  const inputs: LineInput[] = [];
  const problems: LineProblems = {};
  lines.forEach((line, index) => {
    const quantity = parseQuantity(line.quantity);
    const price = line.unitPrice.trim() === "" ? 0 : toMinor(line.unitPrice, currency);
    const rate = taxRateBasisPoints(line.taxRate);
    if (quantity === null) problems[`lines.${index}.quantity`] = "quantity";
    if (price === null) problems[`lines.${index}.unitPrice`] = "price";
    if (rate === null) problems[`lines.${index}.taxRate`] = "taxRate";
    if (quantity !== null && price !== null && rate !== null) {
      inputs.push({ productId: line.productId, quantity, unitPrice: fromMinor(price, currency), taxRate: formatRate(rate) });
    }
  });
  return { inputs, problems };
}

function formatRate(basisPoints: number): string {
  const whole = Math.floor(basisPoints / 100);
  const rest = basisPoints % 100;
  return rest ? `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}` : String(whole);
}

/** Running totals of what is typed so far; lines not yet valid count as nothing. */
export function runningTotals(lines: readonly EditableLine[], shippingPrice: string, currency = "EUR"): Totals {
  const priced = lines.map((line) => ({
    quantity: parseQuantity(line.quantity) ?? 0,
    unitPriceMinor: (line.unitPrice.trim() === "" ? 0 : toMinor(line.unitPrice, currency)) ?? 0,
    taxRateBasisPoints: taxRateBasisPoints(line.taxRate) ?? 0,
  }));
  const shipping = (shippingPrice.trim() === "" ? 0 : toMinor(shippingPrice, currency)) ?? 0;
  return orderTotals(priced, shipping);
}

/** Units of a line that stock cannot cover now and that would be backordered: what the line needs beyond what
 * it already holds (`reserved`), less what is available. Unknown availability is no warning. */
export function shortfall(quantity: string, reserved: number, available: number | null | undefined): number {
  const wanted = parseQuantity(quantity);
  if (wanted === null || available === null || available === undefined) return 0;
  return Math.max(wanted - reserved - Math.max(available, 0), 0);
}

/** Two line lists ask for the same thing (order, products, quantities, prices and rates as the API sees them). */
export function sameLines(a: readonly EditableLine[], b: readonly EditableLine[], currency = "EUR"): boolean {
  if (a.length !== b.length) return false;
  const left = toLineInputs(a, currency);
  const right = toLineInputs(b, currency);
  if (Object.keys(left.problems).length || Object.keys(right.problems).length) {
    return a.every((line, i) => JSON.stringify(line) === JSON.stringify(b[i]));
  }
  return JSON.stringify(left.inputs) === JSON.stringify(right.inputs);
}

/** Maps an API error field `lines.<index>.<name>` to the product of that line. */
export function lineOfErrorField(field: string, lines: readonly EditableLine[]): { productId: string; name: string } | null {
  const match = /^lines\.(\d+)\.(\w+)$/.exec(field);
  if (!match) return null;
  const line = lines[Number(match[1])];
  return line ? { productId: line.productId, name: match[2]! } : null;
}
