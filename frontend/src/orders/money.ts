// Money as the API counts it: gross prices (tax included) in integer minor units, so a total on screen is the
// total the server will compute. The rules mirror backend/orders/model.py (order_totals, included_tax).

/** Decimals per currency; the API refuses more than these. */
const EXPONENT: Record<string, number> = { JPY: 0, KRW: 0 };

export function currencyExponent(currency: string): number {
  return EXPONENT[currency.toUpperCase()] ?? 2;
}

/** The largest amount the API takes: ten million in major units. */
export const MAX_MINOR = 10_000_000_00;

/**
 * What a person typed as an amount ("4,90", "4.9", "1.234,50", "1,234.50", "12") as a plain decimal string with a
 * dot, or null when it is not an amount. With both "," and "." the last one separates the decimals and the other
 * groups thousands; a separator that appears once is the decimal one (so "1.234" is 1.234, which a currency with
 * two decimals then refuses, rather than silently becoming 1234); one that repeats groups thousands.
 */
export function normalizeDecimal(raw: string): string | null {
  const text = raw.trim().replace(/[\s\u00a0]/g, "");
  if (!/^[\d.,]*\d[\d.,]*$/.test(text)) return null;
  const commas = text.split(",").length - 1;
  const dots = text.split(".").length - 1;
  let decimalSeparator: string | null = null;
  if (commas && dots) decimalSeparator = text.lastIndexOf(",") > text.lastIndexOf(".") ? "," : ".";
  else if (commas === 1) decimalSeparator = ",";
  else if (dots === 1) decimalSeparator = ".";
  let whole = text;
  let fraction = "";
  if (decimalSeparator) {
    const at = text.lastIndexOf(decimalSeparator);
    if (text.indexOf(decimalSeparator) !== at) return null; // the decimal separator twice
    whole = text.slice(0, at);
    fraction = text.slice(at + 1);
    if (/[.,]/.test(fraction)) return null;
  }
  // What remains of "," or "." in the whole part groups thousands: groups of three after the first.
  const groups = whole.split(/[.,]/);
  if (groups.length > 1 && (groups[0] === "" || groups[0]!.length > 3 || groups.slice(1).some((g) => g.length !== 3))) return null;
  const integer = groups.join("").replace(/^0+(?=\d)/, "") || "0";
  return fraction ? `${integer}.${fraction}` : integer;
}

/** A typed amount in minor units; null when it is no amount, has more decimals than the currency, or is too big. */
export function toMinor(raw: string, currency = "EUR"): number | null {
  const decimal = normalizeDecimal(raw);
  if (decimal === null) return null;
  const [whole, fraction = ""] = decimal.split(".");
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) return null;
  const minor = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR) return null;
  return minor;
}

/** Minor units as the API's decimal string ("1234.50"). */
export function fromMinor(minor: number, currency = "EUR"): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const scale = 10 ** exponent;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(exponent, "0")}`;
}

/** A tax rate in percent ("19", "7,7") as basis points; null unless 0 to 100 with at most two decimals. */
export function taxRateBasisPoints(raw: string): number | null {
  const decimal = normalizeDecimal(raw);
  if (decimal === null) return null;
  const [whole, fraction = ""] = decimal.split(".");
  if (fraction.length > 2) return null;
  const points = Number(whole) * 100 + Number(fraction.padEnd(2, "0") || "0");
  return points <= 10_000 ? points : null;
}

/** The tax contained in a gross amount, rounded half up (integer arithmetic: no floating-point drift). */
export function includedTax(grossMinor: number, rateBasisPoints: number): number {
  if (rateBasisPoints === 0 || grossMinor === 0) return 0;
  const denominator = 10_000 + rateBasisPoints;
  return Math.floor((2 * grossMinor * rateBasisPoints + denominator) / (2 * denominator));
}

export interface PricedLine {
  quantity: number;
  unitPriceMinor: number;
  taxRateBasisPoints: number;
}

export interface Totals {
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
}

/** Lines plus shipping; shipping is taxed at the highest rate among the lines (as the server does). */
export function orderTotals(lines: readonly PricedLine[], shippingMinor: number): Totals {
  let subtotal = 0;
  let tax = 0;
  let highestRate = 0;
  for (const line of lines) {
    const gross = line.quantity * line.unitPriceMinor;
    subtotal += gross;
    tax += includedTax(gross, line.taxRateBasisPoints);
    highestRate = Math.max(highestRate, line.taxRateBasisPoints);
  }
  tax += includedTax(shippingMinor, highestRate);
  return { subtotal, shipping: shippingMinor, tax, total: subtotal + shippingMinor };
}
