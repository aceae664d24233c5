// The receiving screen's count: what a keyboard-wedge scanner (or a hand) has counted, per product, before it is
// booked with `inboundReceive`. Pure functions, unit tested; the page keeps a Tally in state.

export interface TallyProduct {
  id: string;
  sku: string;
  name: string;
  barcode?: string | null;
}

export interface TallyLine {
  product: TallyProduct;
  received: number;
  damaged: number;
}

/** Lines in the order they were first counted. */
export type Tally = readonly TallyLine[];

export type Kind = "received" | "damaged";

export const MAX_UNITS = 100_000;

/** What a scanner typed: without surrounding blanks and control characters (some scanners send a prefix or a tab). */
export function normalizeCode(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u001f\u007f]/g, "").trim();
}

/** The product a code names: its barcode exactly, or its SKU regardless of case. */
export function findByCode<P extends TallyProduct>(products: readonly P[], rawCode: string): P | undefined {
  const code = normalizeCode(rawCode);
  if (!code) return undefined;
  const upper = code.toUpperCase();
  return products.find((p) => p.barcode === code) ?? products.find((p) => p.sku.toUpperCase() === upper);
}

function clamp(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(Math.max(Math.trunc(value), 0), MAX_UNITS);
}

/** Adds `delta` units (one per scan) of `product`; a line counted down to nothing disappears. */
export function addUnits(tally: Tally, product: TallyProduct, delta = 1, kind: Kind = "received"): Tally {
  const index = tally.findIndex((line) => line.product.id === product.id);
  if (index === -1) {
    if (delta <= 0) return tally;
    return [...tally, { product, received: 0, damaged: 0, [kind]: clamp(delta) }];
  }
  const line = tally[index]!;
  return setUnits(tally, product.id, kind, line[kind] + delta);
}

/** Sets a line's count (typed into its field); both counts at zero remove the line. */
export function setUnits(tally: Tally, productId: string, kind: Kind, value: number): Tally {
  const next: TallyLine[] = [];
  for (const line of tally) {
    if (line.product.id !== productId) {
      next.push(line);
      continue;
    }
    const changed = { ...line, [kind]: clamp(value) };
    if (changed.received + changed.damaged > 0) next.push(changed);
  }
  return next;
}

export function removeLine(tally: Tally, productId: string): Tally {
  return tally.filter((line) => line.product.id !== productId);
}

export function totals(tally: Tally): { received: number; damaged: number } {
  return tally.reduce((sum, line) => ({ received: sum.received + line.received, damaged: sum.damaged + line.damaged }), {
    received: 0,
    damaged: 0,
  });
}

export interface Receipt {
  productId: string;
  received: number;
  damaged: number;
  locationCode: string | null;
}

/** The `inboundReceive` lines: one per counted product, the good units going to `bin` (none: no bin). */
export function toReceipts(tally: Tally, bin: string): Receipt[] {
  const locationCode = normalizeCode(bin).toUpperCase() || null;
  return tally
    .filter((line) => line.received + line.damaged > 0)
    .map((line) => ({ productId: line.product.id, received: line.received, damaged: line.damaged, locationCode }));
}
