// Which live events change what a product page shows of its family. Pure, unit tested.

export interface FamilyEvent {
  topic: string;
  type: string;
  entityId: string;
  payload: Record<string, unknown>;
}

export interface WatchedFamily {
  id: string;
  variants: readonly { id: string; sku: string }[];
}

/**
 * An event of the family's merchant (the caller checks that) that changes the family card: stock of one of its
 * variants, a change to the family or one of its variants, or a product that may have joined it (a new one, or
 * one moved between families; their payload names the family by its stored id, which the page does not know).
 */
export function familyEventMatches(family: WatchedFamily, event: FamilyEvent): boolean {
  if (event.topic === "STOCK") return family.variants.some((v) => v.sku === event.payload.sku);
  if (event.topic !== "PRODUCT") return false;
  if (event.entityId === family.id || family.variants.some((v) => v.id === event.entityId)) return true;
  const changes = event.payload.changes as Record<string, unknown> | undefined;
  return event.type === "product.created" || event.type === "product.restored" || !!changes?.familyId;
}
