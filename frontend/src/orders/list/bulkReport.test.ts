import { describe, expect, it } from "vitest";
import { bulkReport } from "./BulkActions";

describe("bulkReport", () => {
  it("names every order by its number, also the ones that failed and came back without an order", () => {
    const report = bulkReport(
      "markPaid",
      {
        succeeded: 1,
        failed: 1,
        errors: [],
        results: [
          { orderId: "A", order: { number: "M1-1001" } as never, errors: [] },
          { orderId: "B", order: null, errors: [{ field: "orderIds", message: "Order M1-1002 is paid already", code: "INVALID_STATE" }] },
        ],
      },
      [
        { id: "A", number: "M1-1001" },
        { id: "B", number: "M1-1002" },
      ],
    );
    expect(report).toEqual({
      action: "markPaid",
      succeeded: 1,
      failed: 1,
      lines: [
        { orderId: "A", number: "M1-1001", errors: [] },
        { orderId: "B", number: "M1-1002", errors: [{ field: "orderIds", message: "Order M1-1002 is paid already", code: "INVALID_STATE" }] },
      ],
    });
  });
});
