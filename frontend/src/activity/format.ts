// How an event reads in the feed: one line per event type, translated. Later domains add their lines here
// (for example "order.paid": ({ payload }) => ["event.order.paid", { number: str(payload.number) }]).
import type { MessageKey } from "../i18n/en";
import type { Params } from "../i18n/format";
import type { FeedEvent } from "./store";

type Describe = (event: FeedEvent) => [MessageKey, Params];

const str = (value: unknown): string => (value === undefined || value === null ? "" : String(value));
// Numbers stay numbers, so that they are formatted for the locale ("1.200" in German).
const num = (value: unknown): number | string => (typeof value === "number" ? value : str(value));
const product = (p: Record<string, unknown>): Params => ({ sku: str(p.sku), name: str(p.name) });
const order = (p: Record<string, unknown>): Params => ({ number: str(p.number) });
const inbound = (p: Record<string, unknown>): Params => ({
  reference: str(p.reference),
  expected: num(p.expected),
  received: num(p.received),
});

export const EVENT_MESSAGES: Record<string, Describe> = {
  "merchant.created": ({ payload }) => ["event.merchant.created", { name: str(payload.name), code: str(payload.code) }],
  "merchant.updated": ({ payload }) => {
    const changes = (payload.changes ?? {}) as Record<string, { after?: unknown }>;
    const deactivated = changes.isActive?.after === false;
    return [deactivated ? "event.merchant.deactivated" : "event.merchant.updated", { name: str(payload.name), code: str(payload.code) }];
  },
  "user.created": ({ payload }) => ["event.user.created", { email: str(payload.email) }],
  "user.deactivated": ({ payload }) => ["event.user.deactivated", { email: str(payload.email) }],
  "api_key.created": ({ payload }) => ["event.api_key.created", { name: str(payload.name) }],
  "api_key.revoked": ({ payload }) => ["event.api_key.revoked", { name: str(payload.name) }],
  "product.created": ({ payload }) => ["event.product.created", product(payload)],
  "product.updated": ({ payload }) => ["event.product.updated", product(payload)],
  "product.archived": ({ payload }) => ["event.product.archived", product(payload)],
  "product.restored": ({ payload }) => ["event.product.restored", product(payload)],
  "product_family.created": ({ payload }) => ["event.product_family.created", { name: str(payload.name) }],
  "product_family.updated": ({ payload }) => ["event.product_family.updated", { name: str(payload.name) }],
  "product_family.deleted": ({ payload }) => ["event.product_family.deleted", { name: str(payload.name) }],
  "stock.changed": ({ payload }) => ["event.stock.changed", { sku: str(payload.sku), available: num(payload.available) }],
  "stock.transferred": ({ payload }) => [
    "event.stock.transferred",
    { sku: str(payload.sku), quantity: num(payload.quantity), from: str(payload.from), to: str(payload.to) },
  ],
  "inbound.created": ({ payload }) => ["event.inbound.created", inbound(payload)],
  "inbound.received": ({ payload }) => ["event.inbound.received", inbound(payload)],
  "inbound.closed": ({ payload }) => ["event.inbound.closed", inbound(payload)],
  "inbound.cancelled": ({ payload }) => ["event.inbound.cancelled", inbound(payload)],
  "order.placed": ({ payload }) => ["event.order.placed", { number: str(payload.number), customer: str(payload.customerName) }],
  "order.draft_created": ({ payload }) => ["event.order.draft_created", order(payload)],
  "order.updated": ({ payload }) => ["event.order.updated", order(payload)],
  "order.held": ({ payload }) => ["event.order.held", { number: str(payload.number), reason: str(payload.holdReason) }],
  "order.released": ({ payload }) => ["event.order.released", order(payload)],
  "order.cancelled": ({ payload }) => ["event.order.cancelled", order(payload)],
  // Marking paid is what people look for in the feed; other payment changes read alike.
  "order.payment_updated": ({ payload }) => [payload.paymentStatus === "PAID" ? "event.order.paid" : "event.order.payment_updated", order(payload)],
  "order.allocated": ({ payload }) => ["event.order.allocated", order(payload)],
  "order.note_added": ({ payload }) => ["event.order.note_added", order(payload)],
  "order.picking": ({ payload }) => ["event.order.picking", order(payload)],
  "order.picked": ({ payload }) => ["event.order.picked", order(payload)],
  "order.short_picked": ({ payload }) => ["event.order.short_picked", order(payload)],
  "order.picking_stopped": ({ payload }) => ["event.order.picking_stopped", order(payload)],
  "order.packed": ({ payload }) => ["event.order.packed", order(payload)],
  "order.shipped": ({ payload }) => ["event.order.shipped", order(payload)],
  "order.delivered": ({ payload }) => ["event.order.delivered", order(payload)],
  "order.ready_for_pickup": ({ payload }) => ["event.order.ready_for_pickup", order(payload)],
  "order.collected": ({ payload }) => ["event.order.collected", order(payload)],
  "picklist.created": ({ payload }) => ["event.picklist.created", picklist(payload)],
  "picklist.started": ({ payload }) => ["event.picklist.started", picklist(payload)],
  "picklist.picked": ({ payload }) => [
    "event.picklist.picked", { number: str(payload.number), sku: str(payload.sku), quantity: num(payload.units) },
  ],
  "picklist.line_short": ({ payload }) => [
    "event.picklist.line_short", { number: str(payload.number), sku: str(payload.sku), quantity: num(payload.units) },
  ],
  "picklist.completed": ({ payload }) => ["event.picklist.completed", picklist(payload)],
  "picklist.cancelled": ({ payload }) => ["event.picklist.cancelled", picklist(payload)],
  "parcel.packed": ({ payload }) => ["event.parcel.packed", parcel(payload)],
  "parcel.updated": ({ payload }) => ["event.parcel.updated", parcel(payload)],
  "parcel.shipped": ({ payload }) => ["event.parcel.shipped", { ...parcel(payload), tracking: str(payload.trackingNumber) }],
  "parcel.delivered": ({ payload }) => ["event.parcel.delivered", parcel(payload)],
  "parcel.collected": ({ payload }) => ["event.parcel.collected", parcel(payload)],
  "tracking.recorded": ({ payload }) => [
    "event.tracking.recorded", { ...parcel(payload), status: str(payload.status), description: str(payload.description) },
  ],
};

function picklist(payload: Record<string, unknown>): Params {
  return { number: str(payload.number) };
}

function parcel(payload: Record<string, unknown>): Params {
  return { number: str(payload.number), order: str(payload.orderNumber) };
}

/** "order.partially_shipped" → "Order partially shipped": readable even before a line is added above. */
export function humanizeType(type: string): string {
  const words = type.replace(/[._]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function describeEvent(event: FeedEvent, t: (key: MessageKey, params?: Params) => string): string {
  const describe = EVENT_MESSAGES[event.type];
  if (describe) {
    const [key, params] = describe(event);
    return t(key, params);
  }
  return t("event.fallback", { type: humanizeType(event.type) });
}

/** Who did something: a user's e-mail, an API key by its name (the server labels it "API key <name>"), or the
 * system itself, in the reader's language. Used by every page that names an actor. */
export function actorName(actor: { kind: string; label: string }, t: (key: MessageKey, params?: Params) => string): string {
  if (actor.kind === "SYSTEM") return t("actor.SYSTEM");
  if (actor.kind === "API_KEY") return t("actor.API_KEY", { name: actor.label.replace(/^API key /, "") });
  return actor.label;
}

/** Who did it: a user's e-mail, an API key's name, or the system itself. */
export function describeActor(event: FeedEvent, t: (key: MessageKey, params?: Params) => string): string {
  return actorName(event.actor, t);
}
