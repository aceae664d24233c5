import type { OrderStatus, PaymentStatus } from "../gql/graphql";
import { useI18n } from "../i18n";
import { fromMinor, type Totals } from "./money";
import "./orderBits.css";

/** An order's status in words (never by colour alone). */
export function OrderStatusPill({ status }: { status: OrderStatus }) {
  const { t } = useI18n();
  return (
    <span className={`order-pill order-pill--${status.toLowerCase().replace(/_/g, "-")}`} data-testid="order-status">
      {t(`orderStatus.${status}`)}
    </span>
  );
}

export function PaymentStatusPill({ status }: { status: PaymentStatus }) {
  const { t } = useI18n();
  return (
    <span className={`order-pill order-pill--pay-${status.toLowerCase().replace(/_/g, "-")}`} data-testid="payment-status">
      {t(`paymentStatus.${status}`)}
    </span>
  );
}

/** Subtotal, shipping, included tax and total: from the server (decimal strings) or running (minor units). */
export function TotalsList({ totals, currency, label }: { totals: Totals | { subtotal: string; shipping: string; tax: string; total: string }; currency: string; label: string }) {
  const { t, money } = useI18n();
  const show = (value: number | string) => money(typeof value === "number" ? fromMinor(value, currency) : value, currency);
  return (
    <dl className="order-totals" aria-label={label}>
      <dt>{t("totals.subtotal")}</dt>
      <dd data-testid="totals-subtotal">{show(totals.subtotal)}</dd>
      <dt>{t("totals.shipping")}</dt>
      <dd data-testid="totals-shipping">{show(totals.shipping)}</dd>
      <dt>{t("totals.tax")}</dt>
      <dd data-testid="totals-tax">{show(totals.tax)}</dd>
      <dt className="order-totals-total">{t("totals.total")}</dt>
      <dd className="order-totals-total" data-testid="totals-total">
        {show(totals.total)}
      </dd>
    </dl>
  );
}
