// An order as the order page reads it (OrderDetailFields), for unit tests.
import type { OrderDetailFieldsFragment } from "../../gql/graphql";

type Order = OrderDetailFieldsFragment;
type Line = Order["lines"][number];

const money = (amount: string) => ({ amount, currency: "EUR" });
const address = { name: "Anna Berg", company: "", line1: "Hauptstr. 1", line2: "", postalCode: "04109", city: "Leipzig", region: "", country: "DE", phone: "" };

export function product(id: string, sku: string, stock: Record<string, number>): NonNullable<Line["product"]> {
  const total = Object.values(stock).reduce((sum, n) => sum + n, 0);
  return {
    __typename: "Product",
    id,
    sku,
    name: sku,
    barcode: null,
    size: null,
    colour: null,
    isArchived: false,
    stockTotal: { available: total, onHand: total, reserved: 0, incoming: 0 },
    stock: Object.entries(stock).map(([warehouse, available]) => ({ available, warehouse: { id: warehouse } })),
  } as NonNullable<Line["product"]>;
}

export function line(sku: string, quantity: number, over: Partial<Line> = {}): Line {
  return {
    sku,
    name: `${sku} name`,
    quantity,
    reserved: quantity,
    picked: 0,
    shipped: 0,
    backordered: 0,
    taxRate: "19",
    unitPrice: money("4.90"),
    total: money((4.9 * quantity).toFixed(2)),
    product: product(`P-${sku}`, sku, { W1: 10, W2: 3 }),
    ...over,
  } as Line;
}

export function order(over: Partial<Order> = {}): Order {
  return {
    __typename: "Order",
    id: "O1",
    number: "NL-1001",
    status: "READY",
    source: "PHONE",
    shop: null,
    externalNumber: null,
    paymentMethod: "INVOICE",
    paymentStatus: "PENDING",
    paymentReference: null,
    paidAt: null,
    shippingMethod: "STANDARD",
    currency: "EUR",
    subtotal: money("9.80"),
    shippingPrice: money("4.95"),
    tax: money("2.35"),
    total: money("14.75"),
    customer: { name: "Anna Berg", email: "anna@example.test", phone: "" },
    shippingAddress: address,
    billingAddress: address,
    customerNote: "",
    tags: [],
    holdReason: null,
    cancelReason: null,
    version: 3,
    createdAt: "2026-03-01T10:00:00+01:00",
    updatedAt: "2026-03-01T10:00:00+01:00",
    placedAt: "2026-03-01T10:00:00+01:00",
    cancelledAt: null,
    statusChangedAt: "2026-03-01T10:00:00+01:00",
    warehouse: { id: "W1", code: "LEJ", name: "Leipzig" },
    merchant: { id: "M1", code: "M1", name: "Nordlicht" },
    lines: [line("NL-SOAP-LAV", 2)],
    history: [],
    notes: [],
    ...over,
  } as Order;
}
