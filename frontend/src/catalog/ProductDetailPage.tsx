import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { ProductArchiveMutation, ProductLabelsCreateMutation, ProductQuery } from "./operations";
import { useSignedIn } from "../auth/AuthProvider";
import { can } from "../auth/permissions";
import { StockBadge, StockCells, STOCK_COLUMNS } from "../stock/StockFigures";
import { StockDialog, type StockAction } from "../stock/StockDialogs";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { Alert, PageHeader, Time, useUserErrorText } from "../components/ui";
import { useI18n } from "../i18n";
import { NotFoundPage } from "../components/StatusPages";
import { familyEventMatches } from "./familyEvents";
import { ProductFamilyCard } from "./ProductFamilyCard";
import { attributeLabel } from "./attributes";

const LEDGER_PAGE = 25;

function Delta({ value }: { value: number }) {
  const { number } = useI18n();
  if (value === 0) return <span className="delta delta--zero">0</span>;
  return <span className={`delta ${value > 0 ? "delta--up" : "delta--down"}`}>{value > 0 ? `+${number(value)}` : number(value)}</span>;
}

export function ProductDetailPage() {
  const { t, number } = useI18n();
  const { id = "" } = useParams();
  const location = useLocation();
  const { user } = useSignedIn();
  const errorText = useUserErrorText();
  const [movements, setMovements] = useState(LEDGER_PAGE);
  const [dialog, setDialog] = useState<StockAction | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(
    (location.state as { saved?: boolean } | null)?.saved ? { text: t("products.saved"), ok: true } : null,
  );
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProductQuery, variables: { id, movements } });
  const product = data?.node?.__typename === "Product" ? data.node : null;
  // The product's own events, and those of its family and its siblings: the size × colour grid is live.
  useLiveRefetch(
    ["STOCK", "PRODUCT"],
    () => refetch({ requestPolicy: "network-only" }),
    (event) =>
      !!product &&
      (event.entityId === product.id ||
        (event.payload.sku === product.sku && event.merchantId === product.merchant?.id) ||
        (event.merchantId === product.merchant?.id && familyEventMatches(product.family, event))),
  );
  const [{ fetching: archiving }, archive] = useMutation(ProductArchiveMutation);
  const [{ fetching: labelling }, createLabels] = useMutation(ProductLabelsCreateMutation);

  if (fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (error && !data) return <Alert kind="error">{t("app.error", { message: error.message })}</Alert>;
  if (!product) return <NotFoundPage />;

  const writable = can(user.role, "products:write");
  const stockWritable = can(user.role, "stock:write") && !product.isArchived;
  const ledger = product.movements.edges.map((e) => e.node);

  async function toggleArchive() {
    if (!product) return;
    const result = await archive({ input: { productId: product.id, archived: !product.isArchived } });
    const payload = result.data?.productArchive;
    if (payload && payload.errors.length === 0) setNotice({ text: t(product.isArchived ? "products.restoredDone" : "products.archivedDone", { sku: product.sku }), ok: true });
    else setNotice({ text: payload?.errors.map(errorText).join(" ") ?? t("form.forbidden"), ok: false });
  }

  async function labels() {
    if (!product) return;
    // The tab opens now, inside the click, so that no pop-up blocker stops it; the PDF's address follows.
    const tab = window.open("", "_blank");
    const result = await createLabels({ input: { productIds: [product.id], layout: "A4_SHEET", copies: 1 } });
    const url = result.data?.productLabelsCreate.url;
    if (url) {
      if (tab) tab.location.href = url;
      else window.location.assign(url);
    } else {
      tab?.close();
      setNotice({ text: result.data?.productLabelsCreate.errors.map(errorText).join(" ") || t("app.error", { message: result.error?.message ?? "" }), ok: false });
    }
  }

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/products">{t("products.back")}</Link>
      </p>
      <PageHeader title={`${product.sku} · ${product.name}`} subtitle={product.merchant ? `${product.merchant.code} · ${product.merchant.name}` : undefined}>
        <StockBadge product={product} />
      </PageHeader>
      <div className="actions no-print" role="group" aria-label={t("products.actions")}>
        {stockWritable && (
          <>
            <button type="button" className="button button--primary" onClick={() => setDialog("adjust")}>
              {t("stock.adjust")}
            </button>
            <button type="button" className="button" onClick={() => setDialog("transfer")} disabled={product.bins.every((b) => b.onHand <= 0)}>
              {t("stock.transfer")}
            </button>
            <button type="button" className="button" onClick={() => setDialog("count")}>
              {t("stock.count")}
            </button>
          </>
        )}
        <button type="button" className="button" onClick={labels} disabled={labelling || !product.barcode} title={product.barcode ? undefined : t("products.labelsNeedBarcode")}>
          {labelling ? t("app.loading") : t("products.labels")}
        </button>
        {writable && (
          <>
            <Link className="button" to={`/products/${encodeURIComponent(product.id)}/edit`}>
              {t("products.edit")}
            </Link>
            <button type="button" className={`button${product.isArchived ? "" : " button--danger-ghost"}`} onClick={toggleArchive} disabled={archiving}>
              {product.isArchived ? t("products.restore") : t("products.archive")}
            </button>
          </>
        )}
      </div>
      {notice && <Alert kind={notice.ok ? "success" : "error"}>{notice.text}</Alert>}
      {dialog && (
        <StockDialog
          action={dialog}
          product={product}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null);
            setNotice({ text, ok: true });
          }}
        />
      )}

      <div className="detail-grid">
        <div className="card">
          <h2>{t("product.stock")}</h2>
          <div className="table-wrap table-wrap--flat">
            <table className="table" aria-label={t("product.stock")}>
              <thead>
                <tr>
                  <th scope="col">{t("stock.warehouse")}</th>
                  {STOCK_COLUMNS.map((c) => (
                    <th key={c} scope="col" className="num">
                      {t(`stock.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {product.stock.map((level) => (
                  <tr key={level.id}>
                    <th scope="row" data-label={t("stock.warehouse")}>
                      {level.warehouse?.code ?? "—"}
                    </th>
                    <StockCells stock={level} />
                  </tr>
                ))}
                <tr className="table-total">
                  <th scope="row" data-label={t("stock.warehouse")}>
                    {t("product.total")}
                  </th>
                  <StockCells stock={product.stockTotal} testId="total" />
                </tr>
              </tbody>
            </table>
          </div>
          <p className="field-hint">{t("product.threshold", { count: product.lowStockThreshold })}</p>
        </div>
        <div className="card">
          <h2>{t("product.bins")}</h2>
          {product.bins.length === 0 ? (
            <p className="empty empty--small">{t("product.noBins")}</p>
          ) : (
            <ul className="bins" aria-label={t("product.bins")}>
              {product.bins.map((b) => (
                <li key={`${b.warehouseId}-${b.locationCode}`}>
                  <code>{b.locationCode}</code> <strong>{number(b.onHand)}</strong>
                </li>
              ))}
            </ul>
          )}
          <h2>{t("product.details")}</h2>
          <dl className="facts">
            <dt>{t("products.barcode")}</dt>
            <dd>{product.barcode ?? "—"}</dd>
            <dt>{t("product.weightGrams")}</dt>
            <dd>{product.weightGrams === null || product.weightGrams === undefined ? "—" : number(product.weightGrams)}</dd>
            <dt>{t("product.size")}</dt>
            <dd>{product.size ?? "—"}</dd>
            <dt>{t("product.colour")}</dt>
            <dd>{product.colour ?? "—"}</dd>
            <dt>{t("product.dimensions")}</dt>
            <dd>{product.lengthMm && product.widthMm && product.heightMm ? `${number(product.lengthMm)} × ${number(product.widthMm)} × ${number(product.heightMm)} mm` : "—"}</dd>
            {Object.entries(product.attributes).map(([key, value]) => (
              <div key={key} className="facts-row">
                <dt>{attributeLabel(key, t)}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
            <dt>{t("product.updatedAt")}</dt>
            <dd>
              <Time value={product.updatedAt} />
            </dd>
          </dl>
        </div>
      </div>

      <ProductFamilyCard family={product.family} currentId={product.id} writable={writable} onSaved={(text) => setNotice({ text, ok: true })} />

      <h2 className="section-title">{t("product.ledger")}</h2>
      {ledger.length === 0 ? (
        <p className="empty">{t("product.noMovements")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={t("product.ledger")}>
            <thead>
              <tr>
                <th scope="col">{t("movement.time")}</th>
                <th scope="col">{t("movement.reason")}</th>
                <th scope="col" className="num">{t("stock.onHand")}</th>
                <th scope="col" className="num">{t("stock.reserved")}</th>
                <th scope="col" className="num">{t("stock.blocked")}</th>
                <th scope="col" className="num">{t("stock.incoming")}</th>
                <th scope="col">{t("stock.bin")}</th>
                <th scope="col">{t("movement.reference")}</th>
                <th scope="col">{t("movement.actor")}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.map((m, index) => (
                <tr key={index}>
                  <td data-label={t("movement.time")}>
                    <Time value={m.createdAt} mode="smart" />
                  </td>
                  <td data-label={t("movement.reason")}>{t(`movement.${m.reason}`)}</td>
                  <td className="num" data-label={t("stock.onHand")}><Delta value={m.onHandDelta} /></td>
                  <td className="num" data-label={t("stock.reserved")}><Delta value={m.reservedDelta} /></td>
                  <td className="num" data-label={t("stock.blocked")}><Delta value={m.blockedDelta} /></td>
                  <td className="num" data-label={t("stock.incoming")}><Delta value={m.incomingDelta} /></td>
                  <td data-label={t("stock.bin")}>{m.locationCode ?? "—"}</td>
                  <td data-label={t("movement.reference")}>{[m.reference, m.note].filter(Boolean).join(" · ") || "—"}</td>
                  <td data-label={t("movement.actor")}>{m.actorLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {product.movements.pageInfo.hasNextPage && movements < 100 && (
        <button type="button" className="button load-more" onClick={() => setMovements((n) => Math.min(n + LEDGER_PAGE, 100))}>
          {t("list.loadMore")}
        </button>
      )}
    </section>
  );
}
