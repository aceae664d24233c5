/** What a product's stock says about an order's line. */
export interface ProductStock {
  stockTotal: { available: number };
  stock: readonly { available: number; warehouse?: { id: string } | null }[];
}

/**
 * Units available to an order shipping from `warehouseId`: an order reserves in its own warehouse only, so stock
 * elsewhere would be backordered. Null while the warehouse is not known yet: what all warehouses have.
 */
export function availableIn(product: ProductStock, warehouseId: string | null): number {
  if (!warehouseId) return product.stockTotal.available;
  return product.stock.find((level) => level.warehouse?.id === warehouseId)?.available ?? 0;
}

export interface WarehouseChoice {
  id: string;
  isActive: boolean;
}

/**
 * The warehouses a phone order may ship from: the active ones, plus the draft's own when it was deactivated since
 * (its select is fixed to it, and a select without it would show another warehouse as chosen).
 */
export function shipFromChoices<W extends WarehouseChoice>(warehouses: readonly W[], draftWarehouseId: string | null): W[] {
  return warehouses.filter((w) => w.isActive || w.id === draftWarehouseId);
}
