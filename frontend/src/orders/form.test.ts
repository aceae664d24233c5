import { describe, expect, it } from "vitest";
import { addressesToSend, allChanges, changedFields, editableLines, emptyForm, formFromOrder, hasChanges } from "./form";
import { linesReducer } from "./lines";

const address = { name: "Anna Berg", company: "", line1: "Hauptstr. 1", line2: "", postalCode: "04109", city: "Leipzig", region: "", country: "DE", phone: "" };
const order = {
  customer: { name: "Anna Berg", email: "anna@example.test", phone: "" },
  shippingMethod: "STANDARD" as const,
  shippingPrice: { amount: "4.95" },
  paymentMethod: "INVOICE" as const,
  shippingAddress: address,
  billingAddress: address,
  customerNote: "",
  lines: [{ sku: "NL-SOAP-LAV", name: "Seife", quantity: 2, unitPrice: { amount: "4.90" }, taxRate: "19", product: { id: "P1" } }],
};

describe("addresses to send", () => {
  it("names the parcel after the customer when no name was typed, and bills to the shipping address", () => {
    const form = { ...emptyForm(), customer: { name: " Ben ", email: "", phone: "" }, shippingAddress: { ...address, name: "" } };
    const sent = addressesToSend(form);
    expect(sent.shippingAddress.name).toBe("Ben");
    expect(sent.billingAddress).toEqual(sent.shippingAddress);
  });

  it("sends no address when only the preset country is there (click & collect)", () => {
    const form = { ...emptyForm(), shippingMethod: "CLICK_AND_COLLECT" as const, customer: { name: "Ben", email: "", phone: "" } };
    const sent = addressesToSend(form);
    expect(sent.shippingAddress.line1).toBe("");
    expect(sent.shippingAddress.country).toBe("");
    expect(sent.shippingAddress.name).toBe("");
  });

  it("keeps a separate billing address when asked to", () => {
    const form = { ...emptyForm(), shippingAddress: address, billingSame: false, billingAddress: { ...address, name: "Firma GmbH", line1: "Ring 2" } };
    expect(addressesToSend(form).billingAddress.line1).toBe("Ring 2");
  });
});

describe("changes", () => {
  it("sends everything for a draft, with the problems found before sending", () => {
    const form = { ...emptyForm(), shippingPrice: "4,95" };
    const lines = linesReducer([], { type: "add", product: { id: "P1", sku: "A", name: "A" }, quantity: 2 });
    const { changes, problems } = allChanges(form, lines);
    expect(problems).toEqual({});
    expect(changes.shippingPrice).toBe("4.95");
    expect(changes.lines).toEqual([{ productId: "P1", quantity: 2, unitPrice: "0.00", taxRate: "19" }]);
    expect(allChanges({ ...form, shippingPrice: "vier" }, lines).problems).toEqual({ shippingPrice: "price" });
  });

  it("sends only what differs from the version the edit started from", () => {
    const base = { form: formFromOrder(order), lines: editableLines(order.lines) };
    expect(base.form.billingSame).toBe(true);
    expect(base.form.shippingPrice).toBe("4.95");
    const untouched = changedFields(base.form, base.lines, base);
    expect(hasChanges(untouched.changes)).toBe(false);

    const phone = { ...base.form, customer: { ...base.form.customer, phone: "+49 341 1234" } };
    expect(changedFields(phone, base.lines, base).changes).toEqual({ customer: { name: "Anna Berg", email: "anna@example.test", phone: "+49 341 1234" } });

    const moved = { ...base.form, shippingAddress: { ...address, line1: "Ring 5" } };
    const { changes } = changedFields(moved, base.lines, base);
    expect(Object.keys(changes).sort()).toEqual(["billingAddress", "shippingAddress"]);
    expect(changes.shippingAddress?.line1).toBe("Ring 5");

    const more = linesReducer(base.lines, { type: "step", productId: "P1", delta: 1 });
    expect(changedFields(base.form, more, base).changes).toEqual({ lines: [{ productId: "P1", quantity: 3, unitPrice: "4.90", taxRate: "19" }] });

    const express = { ...base.form, shippingMethod: "EXPRESS" as const, shippingPrice: "9.90" };
    expect(changedFields(express, base.lines, base).changes).toEqual({ shippingMethod: "EXPRESS", shippingPrice: "9.90" });
  });

  it("treats an order whose billing address differs as separate billing", () => {
    const form = formFromOrder({ ...order, billingAddress: { ...address, line1: "Ring 9" } });
    expect(form.billingSame).toBe(false);
    expect(form.billingAddress.line1).toBe("Ring 9");
  });
});
