import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { ProductsQuery } from "./operations";
import { useSignedIn } from "../auth/AuthProvider";
import { can, isOperator } from "../auth/permissions";
import { ProductsImport } from "./ProductsImport";
import { StockBadge, StockCells, STOCK_COLUMNS, stockRowClass } from "../stock/StockFigures";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { Alert, PageHeader } from "../components/ui";
import type { ProductStockFilter } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useMerchantScope } from "../shell/MerchantScope";

const PAGE = 50;
const STOCK_FILTERS: ProductStockFilter[] = ["LOW_STOCK", "OUT_OF_STOCK", "INCOMING"];

export function ProductsPage() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter, scope } = useMerchantScope();
  const writable = can(user.role, "products:write");
  const showMerchant = isOperator(user.role) && !merchantFilter;
  const [search, setSearch] = useState("");
  const [stock, setStock] = useState<ProductStockFilter | "">("");
  const [includeArchived, setIncludeArchived] = useState(false);
  const [importing, setImporting] = useState(false);
  const [first, setFirst] = useState(PAGE);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ProductsQuery,
    variables: {
      first,
      filter: { merchantId: merchantFilter, search: search.trim() || null, stock: stock || null, includeArchived },
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
      (event.topic === "PRODUCT" || stock !== "" || products.some((p) => p.sku === event.payload.sku && p.merchant?.id === event.merchantId)),
  );

  return (
    <section>
      <PageHeader title={t("products.title")} subtitle={t("products.subtitle")}>
        {data && <span className="badge">{t("products.total", { count: data.products.totalCount })}</span>}
        {writable && (
          <>
            <button type="button" className="button" aria-expanded={importing} onClick={() => setImporting((open) => !open)}>
              {t("products.import")}
            </button>
            <Link className="button button--primary" to="/products/new">
              {t("products.create")}
            </Link>
          </>
        )}
      </PageHeader>
      {importing && <ProductsImport onDone={() => refetch({ requestPolicy: "network-only" })} />}
      <form className="toolbar" role="search" aria-label={t("products.filters")} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="product-search">{t("products.search")}</label>
          <input id="product-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t("products.searchHint")} />
        </div>
        <div className="field">
          <label htmlFor="product-stock">{t("products.stockFilter")}</label>
          <select id="product-stock" value={stock} onChange={(e) => setStock(e.target.value as ProductStockFilter | "")}>
            <option value="">{t("products.stockAll")}</option>
            {STOCK_FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`products.stock.${f}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} />
          {t("products.includeArchived")}
        </label>
      </form>
      {error && !data && <Alert kind="error">{t("app.error", { message: error.message })}</Alert>}
      {fetching && !data ? (
        <p className="empty">{t("app.loading")}</p>
      ) : products.length === 0 ? (
        <p className="empty">{t("products.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={t("products.title")}>
            <thead>
              <tr>
                <th scope="col">{t("products.sku")}</th>
                <th scope="col">{t("products.name")}</th>
                <th scope="col">{t("products.barcode")}</th>
                {showMerchant && <th scope="col">{t("products.merchant")}</th>}
                {STOCK_COLUMNS.map((c) => (
                  <th key={c} scope="col" className="num">
                    {t(`stock.${c}`)}
                  </th>
                ))}
                <th scope="col">{t("products.status")}</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.id} data-sku={p.sku} className={stockRowClass(p)}>
                  <td data-label={t("products.sku")}>
                    <Link to={`/products/${encodeURIComponent(p.id)}`}>{p.sku}</Link>
                  </td>
                  <td data-label={t("products.name")}>{p.name}</td>
                  <td data-label={t("products.barcode")}>{p.barcode ?? "—"}</td>
                  {showMerchant && <td data-label={t("products.merchant")}>{p.merchant?.code ?? "—"}</td>}
                  <StockCells stock={p.stockTotal} />
                  <td data-label={t("products.status")}>
                    <StockBadge product={p} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data?.products.pageInfo.hasNextPage && (
        <button type="button" className="button load-more" onClick={() => setFirst((n) => Math.min(n + PAGE, 100))} disabled={first >= 100}>
          {t("list.loadMore")}
        </button>
      )}
    </section>
  );
}
