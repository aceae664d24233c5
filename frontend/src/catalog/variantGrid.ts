// A family's variants as a size × colour grid of available stock (the product page's family card). Pure, unit tested.

export interface GridVariant {
  id: string;
  sku: string;
  size?: string | null;
  colour?: string | null;
  lowStockThreshold: number;
  stockTotal: { available: number };
  stock: readonly { available: number; warehouse?: { id: string } | null }[];
}

/** `missing`: no variant has this size and colour; `out`: none available; `low`: at or below its threshold. */
export type CellState = "missing" | "out" | "low" | "available";

export interface GridCell<V extends GridVariant> {
  variant: V | null;
  available: number;
  state: CellState;
}

export interface VariantGrid<V extends GridVariant> {
  /** The rows: the family's sizes in its order, then `null` when a variant has no size. */
  sizes: (string | null)[];
  /** The columns: the family's colours in its order, then `null` when a variant has no colour. */
  colours: (string | null)[];
  /** `cells[row][column]`. */
  cells: GridCell<V>[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
}

const key = (value: string | null | undefined) => (value ?? "").toLowerCase();

/** Units of a variant available to ship: from one warehouse, or (null) from all of them. */
export function availableOf(variant: GridVariant, warehouseId: string | null): number {
  if (!warehouseId) return variant.stockTotal.available;
  return variant.stock.find((level) => level.warehouse?.id === warehouseId)?.available ?? 0;
}

function stateOf(variant: GridVariant | null, available: number): CellState {
  if (!variant) return "missing";
  if (available <= 0) return "out";
  return available <= variant.lowStockThreshold ? "low" : "available";
}

/** The axis as the API orders it, with any value only a variant knows (case-insensitively) and "none" appended. */
function axis(ordered: readonly string[], values: readonly (string | null | undefined)[]): (string | null)[] {
  const out: (string | null)[] = [];
  const seen = new Set<string>();
  for (const value of [...ordered, ...values.filter((v): v is string => !!v)]) {
    if (seen.has(key(value))) continue;
    seen.add(key(value));
    out.push(value);
  }
  if (values.some((v) => !v)) out.push(null);
  return out;
}

/**
 * The grid of a family: `sizes` and `colours` as the API orders them (small to large, alphabetically), each cell the
 * variant of that size and colour (matched without regard to case, as the API keeps them unique) and what it has
 * available, in one warehouse or in all.
 */
export function variantGrid<V extends GridVariant>(
  sizes: readonly string[],
  colours: readonly string[],
  variants: readonly V[],
  warehouseId: string | null = null,
): VariantGrid<V> {
  const rows = axis(sizes, variants.map((v) => v.size));
  const columns = axis(colours, variants.map((v) => v.colour));
  const bySlot = new Map(variants.map((v) => [`${key(v.size)}\u0000${key(v.colour)}`, v]));
  const cells = rows.map((size) =>
    columns.map((colour): GridCell<V> => {
      const variant = bySlot.get(`${key(size)}\u0000${key(colour)}`) ?? null;
      const available = variant ? availableOf(variant, warehouseId) : 0;
      return { variant, available, state: stateOf(variant, available) };
    }),
  );
  const positive = (n: number) => Math.max(n, 0);
  const rowTotals = cells.map((row) => row.reduce((sum, cell) => sum + positive(cell.available), 0));
  const columnTotals = columns.map((_, c) => cells.reduce((sum, row) => sum + positive(row[c]!.available), 0));
  return { sizes: rows, colours: columns, cells, rowTotals, columnTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
}

/** Whether a family is worth a grid: more than one variant, or one with a size or colour. */
export function hasGrid(variants: readonly GridVariant[]): boolean {
  return variants.length > 1 || variants.some((v) => v.size || v.colour);
}
