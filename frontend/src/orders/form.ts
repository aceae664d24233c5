// The order fields a person fills in (phone order) or changes in place (order detail), and how they become the
// API's inputs. Pure, unit tested.
import type { PaymentMethod, ShippingMethod } from "../gql/graphql";
import { fromMinor, toMinor } from "./money";
import { sameLines, toLineInputs, type EditableLine, type LineInput, type LineProblems } from "./lines";

export const PAYMENT_METHODS: readonly PaymentMethod[] = ["INVOICE", "CARD", "PAYPAL", "BANK_TRANSFER", "CHEQUE", "CASH_ON_DELIVERY"];
export const SHIPPING_METHODS: readonly ShippingMethod[] = ["STANDARD", "EXPRESS", "NEXT_DAY", "CLICK_AND_COLLECT"];

export interface AddressForm {
  name: string;
  company: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  region: string;
  country: string;
  phone: string;
}

export interface CustomerForm {
  name: string;
  email: string;
  phone: string;
}

export interface OrderForm {
  customer: CustomerForm;
  shippingMethod: ShippingMethod;
  shippingPrice: string;
  paymentMethod: PaymentMethod;
  shippingAddress: AddressForm;
  /** The billing address is the shipping address. */
  billingSame: boolean;
  billingAddress: AddressForm;
  customerNote: string;
}

export const ADDRESS_KEYS: readonly (keyof AddressForm)[] = ["name", "company", "line1", "line2", "postalCode", "city", "region", "country", "phone"];

export function emptyAddress(country = "DE"): AddressForm {
  return { name: "", company: "", line1: "", line2: "", postalCode: "", city: "", region: "", country, phone: "" };
}

export function emptyForm(): OrderForm {
  return {
    customer: { name: "", email: "", phone: "" },
    shippingMethod: "STANDARD",
    shippingPrice: "",
    paymentMethod: "INVOICE",
    shippingAddress: emptyAddress(),
    billingSame: true,
    billingAddress: emptyAddress(),
    customerNote: "",
  };
}

/** Click & collect: the customer fetches the parcel, so no address is needed (nor checked). */
export function needsAddress(method: ShippingMethod): boolean {
  return method !== "CLICK_AND_COLLECT";
}

function trimmed(address: AddressForm): AddressForm {
  const out = { ...address };
  for (const key of ADDRESS_KEYS) out[key] = address[key].trim();
  out.country = out.country.toUpperCase();
  return out;
}

function isBlank(address: AddressForm, ignoreCountry = true): boolean {
  return ADDRESS_KEYS.every((key) => (ignoreCountry && key === "country") || !address[key].trim());
}

export function sameAddress(a: AddressForm, b: AddressForm): boolean {
  const x = trimmed(a);
  const y = trimmed(b);
  return ADDRESS_KEYS.every((key) => x[key] === y[key]);
}

interface OrderLike {
  customer: CustomerForm;
  shippingMethod: ShippingMethod;
  shippingPrice: { amount: string };
  paymentMethod: PaymentMethod;
  shippingAddress: AddressForm;
  billingAddress: AddressForm;
  customerNote: string;
}

function addressOf(address: AddressForm): AddressForm {
  const out = emptyAddress("");
  for (const key of ADDRESS_KEYS) out[key] = address[key] ?? "";
  return out;
}

/** The form as an existing order fills it. */
export function formFromOrder(order: OrderLike): OrderForm {
  const shipping = addressOf(order.shippingAddress);
  const billing = addressOf(order.billingAddress);
  if (!shipping.country) shipping.country = "DE";
  const billingSame = isBlank(billing) || sameAddress(shipping, billing);
  return {
    customer: { name: order.customer.name, email: order.customer.email, phone: order.customer.phone },
    shippingMethod: order.shippingMethod,
    shippingPrice: Number(order.shippingPrice.amount) === 0 ? "" : order.shippingPrice.amount,
    paymentMethod: order.paymentMethod,
    shippingAddress: shipping,
    billingSame,
    billingAddress: billingSame ? { ...shipping } : billing,
    customerNote: order.customerNote,
  };
}

/**
 * The addresses to send. The parcel label needs a name: left empty, it is the customer's. Nothing typed but the
 * preset country is no address at all. With "same as shipping" the billing address is the shipping address.
 */
export function addressesToSend(form: OrderForm): { shippingAddress: AddressForm; billingAddress: AddressForm } {
  const shipping = trimmed(form.shippingAddress);
  const blank = isBlank(shipping);
  if (!blank && !shipping.name) shipping.name = form.customer.name.trim();
  const shippingAddress = blank ? emptyAddress("") : shipping;
  let billingAddress: AddressForm;
  if (form.billingSame) billingAddress = { ...shippingAddress };
  else {
    billingAddress = trimmed(form.billingAddress);
    if (isBlank(billingAddress)) billingAddress = emptyAddress("");
    else if (!billingAddress.name) billingAddress.name = form.customer.name.trim();
  }
  return { shippingAddress, billingAddress };
}

/** The shipping price to send ("" is free), or null when it is not an amount. */
export function shippingPriceToSend(form: OrderForm, currency = "EUR"): string | null {
  if (!form.shippingPrice.trim()) return "0";
  const minor = toMinor(form.shippingPrice, currency);
  return minor === null ? null : fromMinor(minor, currency);
}

export interface OrderChanges {
  lines?: LineInput[];
  customer?: CustomerForm;
  shippingAddress?: AddressForm;
  billingAddress?: AddressForm;
  shippingMethod?: ShippingMethod;
  shippingPrice?: string;
  paymentMethod?: PaymentMethod;
  customerNote?: string;
}

/** Problems found before sending, keyed like the API's error fields. */
export type FormProblems = LineProblems & Record<string, string>;

function trimmedCustomer(customer: CustomerForm): CustomerForm {
  return { name: customer.name.trim(), email: customer.email.trim(), phone: customer.phone.trim() };
}

/** Every field, for a draft (the draft becomes exactly what the form shows). */
export function allChanges(form: OrderForm, lines: readonly EditableLine[], currency = "EUR"): { changes: OrderChanges; problems: FormProblems } {
  const { inputs, problems } = toLineInputs(lines, currency);
  const all: FormProblems = { ...problems };
  const shippingPrice = shippingPriceToSend(form, currency);
  if (shippingPrice === null) all.shippingPrice = "price";
  return {
    changes: {
      lines: inputs,
      customer: trimmedCustomer(form.customer),
      ...addressesToSend(form),
      shippingMethod: form.shippingMethod,
      shippingPrice: shippingPrice ?? undefined,
      paymentMethod: form.paymentMethod,
      customerNote: form.customerNote.trim(),
    },
    problems: all,
  };
}

/**
 * Only what differs from `base` (the version the edit started from), so that saving an edit of the address does
 * not also rewrite lines someone else may be changing.
 */
export function changedFields(
  form: OrderForm,
  lines: readonly EditableLine[],
  base: { form: OrderForm; lines: readonly EditableLine[] },
  currency = "EUR",
): { changes: OrderChanges; problems: FormProblems } {
  const { changes: everything, problems } = allChanges(form, lines, currency);
  const before = allChanges(base.form, base.lines, currency).changes;
  const changes: OrderChanges = {};
  if (!sameLines(lines, base.lines, currency)) changes.lines = everything.lines;
  if (JSON.stringify(everything.customer) !== JSON.stringify(before.customer)) changes.customer = everything.customer;
  if (!sameAddress(everything.shippingAddress!, before.shippingAddress!)) changes.shippingAddress = everything.shippingAddress;
  if (!sameAddress(everything.billingAddress!, before.billingAddress!)) changes.billingAddress = everything.billingAddress;
  if (everything.shippingMethod !== before.shippingMethod) changes.shippingMethod = everything.shippingMethod;
  if (everything.shippingPrice !== before.shippingPrice) changes.shippingPrice = everything.shippingPrice;
  if (everything.paymentMethod !== before.paymentMethod) changes.paymentMethod = everything.paymentMethod;
  if (everything.customerNote !== before.customerNote) changes.customerNote = everything.customerNote;
  return { changes, problems };
}

export function hasChanges(changes: OrderChanges): boolean {
  return Object.values(changes).some((value) => value !== undefined);
}

/** The lines of an existing order as the editor holds them (lines whose product is gone cannot be edited). */
export function editableLines(
  lines: readonly { quantity: number; unitPrice: { amount: string }; taxRate: string; sku: string; name: string; product?: { id: string } | null }[],
): EditableLine[] {
  return lines
    .filter((line) => line.product)
    .map((line) => ({
      productId: line.product!.id,
      sku: line.sku,
      name: line.name,
      quantity: String(line.quantity),
      unitPrice: line.unitPrice.amount,
      taxRate: line.taxRate,
    }));
}
