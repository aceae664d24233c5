import { Link } from "react-router";
import { Time } from "../../components/ui";
import type { OrderDetailFieldsFragment } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { TotalsList } from "../OrderBits";

type Order = OrderDetailFieldsFragment;

function AddressBlock({ address }: { address: Order["shippingAddress"] }) {
  const { t } = useI18n();
  const place = [address.postalCode, address.city].filter(Boolean).join(" ");
  const parts = [address.name, address.company, address.line1, address.line2, place, address.region, address.country].filter((p) => p && p.trim());
  if (!parts.length) return <p className="empty empty--small">{t("orderDetail.noAddress")}</p>;
  return (
    <address className="order-address">
      {parts.map((part, index) => (
        <span key={index}>
          {part}
          <br />
        </span>
      ))}
      {address.phone && <span>{address.phone}</span>}
    </address>
  );
}

/** The order as it is (read-only). */
export function OrderView({ order }: { order: Order }) {
  const { t, number, money } = useI18n();
  const m = (value: { amount: string; currency: string }) => money(value.amount, value.currency);
  return (
    <>
      <div className="card">
        <h2>{t("orderDetail.lines")}</h2>
        <div className="table-wrap table-wrap--flat">
          <table className="table order-lines" aria-label={t("orderDetail.lines")}>
            <thead>
              <tr>
                <th scope="col">{t("phone.product")}</th>
                <th scope="col" className="num">{t("orderDetail.ordered")}</th>
                <th scope="col" className="num">{t("orderDetail.reserved")}</th>
                <th scope="col" className="num">{t("orderDetail.backordered")}</th>
                <th scope="col" className="num">{t("phone.unitPrice")}</th>
                <th scope="col" className="num">{t("phone.taxRate")}</th>
                <th scope="col" className="num">{t("phone.lineTotal")}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.sku} data-sku={line.sku} className={line.backordered > 0 ? "row--low" : undefined}>
                  <th scope="row" data-label={t("phone.product")}>
                    {line.product ? (
                      <Link to={`/products/${encodeURIComponent(line.product.id)}`}>
                        <strong>{line.sku}</strong>
                      </Link>
                    ) : (
                      <strong>{line.sku}</strong>
                    )}{" "}
                    <span className="line-name">{line.name}</span>
                  </th>
                  <td className="num" data-label={t("orderDetail.ordered")}>{number(line.quantity)}</td>
                  <td className="num" data-label={t("orderDetail.reserved")}>{number(line.reserved)}</td>
                  <td className="num" data-label={t("orderDetail.backordered")}>{number(line.backordered)}</td>
                  <td className="num" data-label={t("phone.unitPrice")}>{m(line.unitPrice)}</td>
                  <td className="num" data-label={t("phone.taxRate")}>{line.taxRate} %</td>
                  <td className="num" data-label={t("phone.lineTotal")}>{m(line.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <TotalsList
          totals={{ subtotal: order.subtotal.amount, shipping: order.shippingPrice.amount, tax: order.tax.amount, total: order.total.amount }}
          currency={order.currency}
          label={t("totals.label")}
        />
      </div>
      <div className="detail-grid">
        <div className="card">
          <h2>{t("phone.customer")}</h2>
          <dl className="facts">
            <dt>{t("customer.name")}</dt>
            <dd data-testid="customer-name">{order.customer.name || "—"}</dd>
            <dt>{t("customer.email")}</dt>
            <dd>{order.customer.email || "—"}</dd>
            <dt>{t("customer.phone")}</dt>
            <dd data-testid="customer-phone">{order.customer.phone || "—"}</dd>
          </dl>
          <div className="order-addresses">
            <div>
              <h3>{t("phone.shippingAddress")}</h3>
              {order.shippingMethod === "CLICK_AND_COLLECT" ? <p>{t("phone.collectNoAddress")}</p> : <AddressBlock address={order.shippingAddress} />}
            </div>
            <div>
              <h3>{t("phone.billingAddress")}</h3>
              <AddressBlock address={order.billingAddress} />
            </div>
          </div>
          {order.customerNote && (
            <>
              <h3>{t("phone.customerNote")}</h3>
              <p>{order.customerNote}</p>
            </>
          )}
        </div>
        <div className="card">
          <h2>{t("phone.shippingAndPayment")}</h2>
          <dl className="facts">
            <dt>{t("phone.shippingMethod")}</dt>
            <dd data-testid="shipping-method">{t(`shippingMethod.${order.shippingMethod}`)}</dd>
            {order.warehouse && (
              <>
                <dt>{t("orderDetail.shipsFrom")}</dt>
                <dd data-testid="ships-from">
                  {order.warehouse.code} · {order.warehouse.name}
                </dd>
              </>
            )}
            <dt>{t("phone.paymentMethod")}</dt>
            <dd>{t(`paymentMethod.${order.paymentMethod}`)}</dd>
            <dt>{t("orderDetail.paymentStatus")}</dt>
            <dd>
              {t(`paymentStatus.${order.paymentStatus}`)}
              {order.paymentReference ? ` · ${order.paymentReference}` : ""}
              {order.paidAt && (
                <>
                  {" · "}
                  <Time value={order.paidAt} />
                </>
              )}
            </dd>
            <dt>{t("orderDetail.created")}</dt>
            <dd>
              <Time value={order.createdAt} />
            </dd>
            {order.placedAt && (
              <>
                <dt>{t("orderDetail.placedAt")}</dt>
                <dd>
                  <Time value={order.placedAt} />
                </dd>
              </>
            )}
            <dt>{t("orderDetail.statusSince")}</dt>
            <dd>
              <Time value={order.statusChangedAt} />
            </dd>
            <dt>{t("orderDetail.versionLabel")}</dt>
            <dd data-testid="order-version">{order.version}</dd>
          </dl>
        </div>
      </div>
    </>
  );
}
