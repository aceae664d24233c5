import { lazy, Suspense } from "react";
import { useI18n } from "../i18n";

// The order detail page and the phone-order form load on first use: the start page stays light for everyone,
// including the warehouse, which never opens them.
const OrderDetailPage = lazy(() => import("./detail/OrderDetailPage").then((m) => ({ default: m.OrderDetailPage })));
const PhoneOrderPage = lazy(() => import("./phone/PhoneOrderPage").then((m) => ({ default: m.PhoneOrderPage })));

function Loading() {
  const { t } = useI18n();
  return (
    <p className="empty" role="status">
      {t("app.loading")}
    </p>
  );
}

export function OrderDetailRoute() {
  return (
    <Suspense fallback={<Loading />}>
      <OrderDetailPage />
    </Suspense>
  );
}

export function PhoneOrderRoute() {
  return (
    <Suspense fallback={<Loading />}>
      <PhoneOrderPage />
    </Suspense>
  );
}
