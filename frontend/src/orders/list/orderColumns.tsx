import { Link } from "react-router";
import type { Column } from "../../components/list/DataTable";
import { Time } from "../../components/ui";
import type { OrderListRowFragment } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { trackingHref } from "../../packing/carriers";
import { OrderStatusPill, PaymentStatusPill } from "../OrderBits";

type Row = OrderListRowFragment;

/**
 * The columns of an orders table: the full ones of the orders list (the shop's number, the customer's e-mail, why
 * an order is held, the payment method, tags) or the short ones of the dashboard's newest orders.
 */
export function useOrderColumns({ showMerchant, full }: { showMerchant: boolean; full: boolean }): (Column<Row> | false)[] {
  const { t, money } = useI18n();
  return [
    {
      key: "number",
      header: t("orders.number"),
      className: "nowrap",
      cell: (order) => (
        <>
          <Link to={`/orders/${encodeURIComponent(order.id)}`}>{order.number}</Link>
          {full && order.externalNumber && <span className="cell-note">{t("orders.shopNumber", { number: order.externalNumber })}</span>}
        </>
      ),
    },
    showMerchant && { key: "merchant", header: t("orders.merchant"), cell: (order) => order.merchant?.code ?? "—" },
    {
      key: "customer",
      header: t("orders.customer"),
      cell: (order) =>
        full ? (
          <>
            <span>{order.customer.name || "—"}</span>
            {order.customer.email && <span className="cell-note">{order.customer.email}</span>}
          </>
        ) : (
          order.customer.name || order.customer.email || "—"
        ),
    },
    {
      key: "status",
      header: t("orders.status"),
      cell: (order) => (
        <>
          <OrderStatusPill status={order.status} />
          {full && order.status === "ON_HOLD" && order.holdReason && <span className="cell-note">{t("orders.heldBecause", { reason: order.holdReason })}</span>}
          {full &&
            order.parcels
              .filter((p) => p.trackingNumber)
              .map((p) => {
                const href = trackingHref(p.trackingUrl);
                return (
                  <span key={p.number} className="cell-note" data-testid="list-tracking">
                    {href ? (
                      <a href={href} target="_blank" rel="noreferrer">
                        {p.trackingNumber}
                      </a>
                    ) : (
                      p.trackingNumber
                    )}
                  </span>
                );
              })}
        </>
      ),
    },
    {
      key: "payment",
      header: t("orders.payment"),
      cell: (order) => (
        <>
          <PaymentStatusPill status={order.paymentStatus} />
          {full && <span className="cell-note">{t(`paymentMethod.${order.paymentMethod}`)}</span>}
        </>
      ),
    },
    { key: "amount", header: t("orders.amount"), className: "num", cell: (order) => money(order.total.amount, order.total.currency) },
    full && {
      key: "tags",
      header: t("orders.tags"),
      cell: (order) => (order.tags.length ? order.tags.map((tag) => <span key={tag} className="tag tag--order">{tag}</span>) : "—"),
    },
    { key: "created", header: t("orders.created"), cell: (order) => <Time value={order.createdAt} mode="smart" /> },
  ];
}
