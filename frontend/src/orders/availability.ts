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
