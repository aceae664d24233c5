import type { StockFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";

export const STOCK_COLUMNS = ["onHand", "reserved", "blocked", "incoming", "available"] as const;

/** Low stock and out of stock, as a badge that says it in words (not by colour alone). */
export function StockBadge({ product }: { product: { isLowStock: boolean; isOutOfStock: boolean; isArchived: boolean } }) {
  const { t } = useI18n();
  return (
    <>
      {product.isOutOfStock && <span className="stock-badge stock-badge--out">{t("stock.outOfStock")}</span>}
      {product.isLowStock && <span className="stock-badge stock-badge--low">{t("stock.lowStock")}</span>}
      {product.isArchived && <span className="stock-badge stock-badge--archived">{t("products.archived")}</span>}
    </>
  );
}

export function stockRowClass(product: { isLowStock: boolean; isOutOfStock: boolean }): string | undefined {
  return product.isOutOfStock ? "row--out" : product.isLowStock ? "row--low" : undefined;
}

/** One <td> per stock figure, formatted for the locale. */
export function StockCells({ stock, testId }: { stock: StockFieldsFragment; testId?: string }) {
  const { t, number } = useI18n();
  return (
    <>
      {STOCK_COLUMNS.map((column) => (
        <td key={column} className="num" data-label={t(`stock.${column}`)} data-testid={testId ? `${testId}-${column}` : undefined}>
          {number(stock[column])}
        </td>
      ))}
    </>
  );
}
