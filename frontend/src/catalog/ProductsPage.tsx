import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useSignedIn } from "../auth/AuthProvider";
import { can, isOperator } from "../auth/permissions";
import { choiceField, filtersCodec, flagField, textField } from "../components/list/address";
import { CheckFilter, FilterBar, SelectFilter, TextFilter } from "../components/list/Filters";
import { ListPage, useLoadMore, type Column } from "../components/list/ListPage";
import { useAddressView } from "../components/list/useAddressView";
import type { ProductRowFieldsFragment, ProductStockFilter } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useMerchantScope } from "../shell/MerchantScope";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { StockBadge, STOCK_COLUMNS, stockRowClass } from "../stock/StockFigures";
import { ProductsImport } from "./ProductsImport";
import { ProductsQuery } from "./operations";

const STOCK_FILTERS: ProductStockFilter[] = ["LOW_STOCK", "OUT_OF_STOCK", "INCOMING"];

/** The catalog's filters in the address: `q`, `stock`, `archived=1`. */
export const PRODUCT_FILTERS = filtersCodec({ search: textField("q"), stock: choiceField("stock", STOCK_FILTERS), includeArchived: flagField("archived") });

export function ProductsPage() {
  const { t, number } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter, scope } = useMerchantScope();
  const writable = can(user.role, "products:write");
  const showMerchant = isOperator(user.role) && !merchantFilter;
  const { view, show } = useAddressView(PRODUCT_FILTERS);
  const [importing, setImporting] = useState(false);
  const { first, pager } = useLoadMore();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ProductsQuery,
    variables: {
      first,
      filter: { merchantId: merchantFilter, search: view.search.trim() || null, stock: view.stock || null, includeArchived: view.includeArchived },
      sort: { field: "SKU", direction: "ASC" },
    },
  });
  const products = data?.products.edges.map((e) => e.node) ?? [];
  // Product events and stock events of a product on this page re-query it: the figures change without a reload.
  // (A stock change can also move a product into a stock filter, so filtered lists take every stock event.)
  useLiveRefetch(
    ["STOCK", "PRODUCT"],
    () => refetch({ requestPolicy: "network-only" }),
    (event) =>
      (scope === "all" || event.merchantId === scope) &&
      (event.topic === "PRODUCT" || view.stock !== "" || products.some((p) => p.sku === event.payload.sku && p.merchant?.id === event.merchantId)),
  );

  const columns: (Column<ProductRowFieldsFragment> | false)[] = [
    { key: "sku", header: t("products.sku"), cell: (p) => <Link to={`/products/${encodeURIComponent(p.id)}`}>{p.sku}</Link> },
    { key: "name", header: t("products.name"), cell: (p) => p.name },
    { key: "variant", header: t("products.variant"), cell: (p) => [p.size, p.colour].filter(Boolean).join(" · ") || "—" },
    { key: "barcode", header: t("products.barcode"), cell: (p) => p.barcode ?? "—" },
    showMerchant && { key: "merchant", header: t("products.merchant"), cell: (p) => p.merchant?.code ?? "—" },
    ...STOCK_COLUMNS.map((c): Column<ProductRowFieldsFragment> => ({ key: c, header: t(`stock.${c}`), className: "num", cell: (p) => number(p.stockTotal[c]) })),
    { key: "status", header: t("products.status"), cell: (p) => <StockBadge product={p} /> },
  ];

  return (
    <ListPage
      title={t("products.title")}
      subtitle={t("products.subtitle")}
      total={data && t("products.total", { count: data.products.totalCount })}
      actions={
        writable && (
          <>
            <button type="button" className="button" aria-expanded={importing} onClick={() => setImporting((open) => !open)}>
              {t("products.import")}
            </button>
            <Link className="button button--primary" to="/products/new">
              {t("products.create")}
            </Link>
          </>
        )
      }
      result={{ fetching, error, loaded: !!data }}
      rows={products}
      columns={columns}
      rowKey={(p) => p.id}
      rowProps={(p) => ({ "data-sku": p.sku, className: stockRowClass(p) })}
      empty={t("products.empty")}
      pager={pager(data?.products.pageInfo.hasNextPage)}
    >
      {importing && <ProductsImport onDone={() => refetch({ requestPolicy: "network-only" })} />}
      <FilterBar label={t("products.filters")}>
        <TextFilter id="product-search" label={t("products.search")} placeholder={t("products.searchHint")} value={view.search} onCommit={(search) => show({ ...view, search }, true)} />
        <SelectFilter
          id="product-stock"
          label={t("products.stockFilter")}
          value={view.stock}
          onChange={(stock) => show({ ...view, stock })}
          options={[{ value: "", label: t("products.stockAll") }, ...STOCK_FILTERS.map((f) => ({ value: f, label: t(`products.stock.${f}`) }))]}
        />
        <CheckFilter label={t("products.includeArchived")} checked={view.includeArchived} onChange={(includeArchived) => show({ ...view, includeArchived })} />
      </FilterBar>
    </ListPage>
  );
}
