import { describe, expect, it } from "vitest";
import { importProblems, withoutLinePrefix } from "./importErrors";

describe("CSV import errors", () => {
  it("takes the line number and column from the field, file-wide errors first, then by line", () => {
    const problems = importProblems([
      { field: "csv.line4.barcode", message: "Line 4: barcode: the check digit is wrong", code: "INVALID_BARCODE" },
      { field: "csv.line2.name", message: "Line 2: name: Required", code: "REQUIRED" },
      { field: "csv", message: "Unknown columns: colour", code: "INVALID_CSV" },
    ]);
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [null, null],
      [2, "name"],
      [4, "barcode"],
    ]);
  });

  it("drops the line prefix of the message", () => {
    expect(withoutLinePrefix("Line 12: sku: Too long")).toBe("sku: Too long");
    expect(withoutLinePrefix("The file holds no products")).toBe("The file holds no products");
  });
});
