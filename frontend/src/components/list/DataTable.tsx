import type { HTMLAttributes, ReactNode } from "react";

/** One column: its header, its cell, and the cell's label where a phone stacks the row (`data-label`). */
export interface Column<Row> {
  key: string;
  header: ReactNode;
  /** Defaults to the header's text; a function where the label names the row. */
  label?: string | ((row: Row) => string);
  /** On the header and every cell (`num`, `no-print`, …). */
  className?: string;
  cell: (row: Row) => ReactNode;
}

export type RowAttributes = HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | number | undefined };

interface DataTableProps<Row> {
  label: string;
  /** Beside `table`. */
  className?: string;
  rows: readonly Row[];
  /** A falsy entry is a column not shown (to this role, in this scope). */
  columns: readonly (Column<Row> | false | null | undefined)[];
  rowKey: (row: Row) => string;
  rowProps?: (row: Row) => RowAttributes;
  /** In a framed box of its own (a page's main table), or unframed (inside a card); either scrolls sideways by itself. */
  framed?: boolean;
}

/** A table of rows by columns; on a phone each row stacks, each cell under its label. */
export function DataTable<Row>({ label, className, rows, rowKey, rowProps, framed = true, ...props }: DataTableProps<Row>) {
  const columns = props.columns.filter((c): c is Column<Row> => !!c);
  const cellLabel = (column: Column<Row>, row: Row) =>
    typeof column.label === "function" ? column.label(row) : (column.label ?? (typeof column.header === "string" ? column.header : undefined));
  const table = (
    <table className={className ? `table ${className}` : "table"} aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key} scope="col" className={column.className}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowProps?.(row)}>
            {columns.map((column) => (
              <td key={column.key} className={column.className} data-label={cellLabel(column, row)}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return <div className={framed ? "table-wrap" : "table-scroll"}>{table}</div>;
}
