import { describe, expect, it } from "vitest";
import { localErrors, placeErrors } from "./errors";

const text = (error: { message: string }) => error.message;

describe("placing API errors on the form", () => {
  const lines = [{ productId: "P1" }, { productId: "P2" }];

  it("puts field errors next to their fields and line errors next to their product", () => {
    const placed = placeErrors(
      [
        { field: "customer.email", message: "Not an e-mail address", code: "INVALID" },
        { field: "shippingAddress.postalCode", message: "postalCode has at most 20 characters", code: "TOO_LONG" },
        { field: "lines.1.quantity", message: "Quantity must be from 1 to 100000", code: "INVALID" },
        { field: "orderId", message: "Order M1-1 is cancelled", code: "INVALID_STATE" },
        { field: null, message: "Something else", code: "INVALID" },
      ],
      lines,
      text,
    );
    expect(placed.fields).toEqual({
      "customer.email": "Not an e-mail address",
      "shippingAddress.postalCode": "postalCode has at most 20 characters",
      "line:P2:quantity": "Quantity must be from 1 to 100000",
    });
    expect(placed.general).toEqual(["Order M1-1 is cancelled", "Something else"]);
    expect(placed.conflict).toBeNull();
  });

  it("keeps the server's conflict message whole", () => {
    const message = "Order M1-1001 was changed meanwhile by nils@nordlicht.test at 10:00:00 UTC (customer_phone). Reload to see it, then apply your change again.";
    const placed = placeErrors([{ field: "expectedVersion", message, code: "VERSION_CONFLICT" }], lines, text);
    expect(placed.conflict).toBe(message);
    expect(placed.general).toEqual([]);
    // In German the code is said instead of the English sentence.
    const german = (error: { code: string }) => (error.code === "VERSION_CONFLICT" ? "Nicht gespeichert: zwischenzeitlich geändert." : "?");
    expect(placeErrors([{ field: "expectedVersion", message, code: "VERSION_CONFLICT" }], lines, german).conflict).toBe(
      "Nicht gespeichert: zwischenzeitlich geändert.",
    );
  });

  it("maps problems found before sending the same way", () => {
    expect(localErrors({ "lines.0.unitPrice": "price", shippingPrice: "price" }, lines, (p) => `bad ${p}`)).toEqual({
      "line:P1:unitPrice": "bad price",
      shippingPrice: "bad price",
    });
  });
});
