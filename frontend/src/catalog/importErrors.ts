// The errors of `productsImport` name the CSV line in their field: "csv.line7.barcode".
import type { ApiUserError } from "../api/client";

export interface ImportProblem {
  line: number | null;
  column: string | null;
  error: ApiUserError;
}

const LINE_FIELD = /^csv\.line(\d+)(?:\.(.+))?$/;

export function importProblems(errors: readonly ApiUserError[]): ImportProblem[] {
  return errors
    .map((error) => {
      const match = error.field ? LINE_FIELD.exec(error.field) : null;
      return { line: match ? Number(match[1]) : null, column: match?.[2] ?? null, error };
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** The English message without its "Line 7: " prefix (the line is shown in a column of its own). */
export function withoutLinePrefix(message: string): string {
  return message.replace(/^Line \d+:\s*/, "");
}
