// The packing station's verification: each item scanned into the parcel is checked against what the order has
// picked and not yet packed. Pure functions, unit tested; the page keeps the counts in state.

export interface PackLine {
  /** The order line's id (what a parcel's lines name). */
  id: string;
  sku: string;
  name: string;
  /** Picked and not shipped yet (the API's FulfillmentLine.picked). */
  picked: number;
  barcode?: string | null;
  weightGrams?: number | null;
}

export interface PackedParcel {
  status: string;
  lines: readonly { lineId: string; quantity: number }[];
}

/** Units scanned into the parcel being packed, by order line. */
export type Verified = Readonly<Record<string, number>>;

/** What a scanner typed: without surrounding blanks and control characters (some scanners send a prefix). */
export function normalizeCode(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u001f\u007f]/g, "").trim();
}

/**
 * Per order line, the units picked that are in no parcel yet: picked units stay "picked" until their parcel
 * ships, so those in a parcel still waiting (PACKED) are taken off.
 */
export function openUnits(lines: readonly PackLine[], parcels: readonly PackedParcel[]): Record<string, number> {
  const waiting: Record<string, number> = {};
  for (const parcel of parcels) {
    if (parcel.status !== "PACKED") continue;
    for (const line of parcel.lines) waiting[line.lineId] = (waiting[line.lineId] ?? 0) + line.quantity;
  }
  return Object.fromEntries(lines.map((line) => [line.id, Math.max(line.picked - (waiting[line.id] ?? 0), 0)]));
}

/** Units of `line` still to scan into this parcel. */
export function leftToScan(line: PackLine, open: Record<string, number>, verified: Verified): number {
  return Math.max((open[line.id] ?? 0) - (verified[line.id] ?? 0), 0);
}

/** The line a code names: a product's barcode exactly, or its SKU regardless of case. */
export function lineForCode(lines: readonly PackLine[], rawCode: string): PackLine | undefined {
  const code = normalizeCode(rawCode);
  if (!code) return undefined;
  const upper = code.toUpperCase();
  return lines.find((l) => l.barcode && l.barcode === code) ?? lines.find((l) => l.sku.toUpperCase() === upper);
}

export type ScanResult =
  | { ok: true; verified: Verified; line: PackLine; left: number }
  /** Not a product of this order. */
  | { ok: false; reason: "unknown"; code: string }
  /** A product of the order, but every unit to pack is already scanned (or none was picked). */
  | { ok: false; reason: "extra"; line: PackLine; open: number };

/** One scanned item: counted on its line, or refused (a wrong or an extra item changes nothing). */
export function scanItem(lines: readonly PackLine[], open: Record<string, number>, verified: Verified, code: string): ScanResult {
  const line = lineForCode(lines, code);
  if (!line) return { ok: false, reason: "unknown", code: normalizeCode(code) };
  const left = leftToScan(line, open, verified);
  if (left <= 0) return { ok: false, reason: "extra", line, open: open[line.id] ?? 0 };
  return { ok: true, verified: { ...verified, [line.id]: (verified[line.id] ?? 0) + 1 }, line, left: left - 1 };
}

/** Takes one unit of a line back out of the parcel (a scan in error). */
export function unscan(verified: Verified, lineId: string): Verified {
  const count = verified[lineId] ?? 0;
  if (count <= 0) return verified;
  const next = { ...verified };
  if (count === 1) delete next[lineId];
  else next[lineId] = count - 1;
  return next;
}

/** The `parcelCreate` lines: what was verified, in the order's line order. */
export function parcelLines(lines: readonly PackLine[], verified: Verified): { lineId: string; quantity: number }[] {
  return lines.filter((l) => (verified[l.id] ?? 0) > 0).map((l) => ({ lineId: l.id, quantity: verified[l.id]! }));
}

export function verifiedUnits(verified: Verified): number {
  return Object.values(verified).reduce((sum, n) => sum + n, 0);
}

/** Every unit still open is scanned: the parcel takes all that is picked. */
export function isComplete(lines: readonly PackLine[], open: Record<string, number>, verified: Verified): boolean {
  return verifiedUnits(verified) > 0 && lines.every((l) => leftToScan(l, open, verified) === 0);
}

/**
 * The parcel's weight as the API works it out: the products' weights and the package's own; null when a product
 * in it has no weight on record (then the packer weighs it).
 */
export function computedWeight(lines: readonly PackLine[], verified: Verified, tareGrams: number): number | null {
  let grams = tareGrams;
  for (const line of lines) {
    const units = verified[line.id] ?? 0;
    if (!units) continue;
    if (line.weightGrams == null) return null;
    grams += line.weightGrams * units;
  }
  return verifiedUnits(verified) > 0 ? grams : null;
}

/** A typed weight in grams ("1250", "1,25 kg", "1.25kg"); null when it is not one. */
export function parseWeight(raw: string): number | null {
  const text = raw.trim().toLowerCase().replace(",", ".");
  const match = /^(\d+(?:\.\d+)?)\s*(kg|g)?$/.exec(text);
  if (!match) return null;
  const grams = match[2] === "kg" ? Number(match[1]) * 1000 : Number(match[1]);
  return Number.isFinite(grams) && grams >= 1 ? Math.round(grams) : null;
}

/** A picklist and tote as a packer types or scans them: "PL-12/3", "PL-12 3" or "PL-12-T3". */
export function parseTote(raw: string): { picklist: string; tote: number } | null {
  const match = /^(PL-\d+)\s*(?:\/|\s|-T|\s*T)\s*(\d{1,3})$/i.exec(normalizeCode(raw));
  return match ? { picklist: match[1]!.toUpperCase(), tote: Number(match[2]) } : null;
}
