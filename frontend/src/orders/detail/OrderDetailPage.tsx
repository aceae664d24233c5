import { useCallback, useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { useQuery } from "urql";
import { useSignedIn } from "../../auth/AuthProvider";
import { can } from "../../auth/permissions";
import { NotFoundPage } from "../../components/StatusPages";
import { Alert, PageHeader } from "../../components/ui";
import { actorName } from "../../activity/format";
import { useI18n } from "../../i18n";
import { OrderActionDialog, type OrderAction } from "../OrderActionDialog";
import { OrderStatusPill, PaymentStatusPill } from "../OrderBits";
import { OrderHistory } from "../OrderHistory";
import { OrderDetailQuery } from "../operations";
import { useChangeWatcher } from "../useChangeWatcher";
import { useLiveEvents, type LiveEvent } from "../useLiveEvents";
import { OrderActions } from "./OrderActions";
import { OrderEditForm } from "./OrderEditForm";
import { OrderNotes, OrderTags } from "./OrderNotesTags";
import { OrderParcels } from "./OrderParcels";
import "../../packing/packing.css";
import { OrderView } from "./OrderView";
import { useOrderEdit, type Notice } from "./useOrderEdit";
import { PresenceBar } from "../../presence/PresenceBar";
import { usePresence } from "../../presence/usePresence";
import "../orders.css";

/** A history entry's kind ("held", "paid") in words. */
function kindText({ t, has }: Pick<ReturnType<typeof useI18n>, "t" | "has">, kind: string): string {
  const key = `historyKind.${kind}`;
  return has(key) ? t(key) : kind.replace(/_/g, " ");
}

export function OrderDetailPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = "" } = useParams();
  const location = useLocation();
  const { user } = useSignedIn();
  const placedNumber = (location.state as { placed?: string } | null)?.placed;
  const [notice, setNotice] = useState<Notice | null>(placedNumber ? { kind: "success", text: t("orderDetail.placed", { number: placedNumber }) } : null);
  const [dialog, setDialog] = useState<OrderAction | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: OrderDetailQuery, variables: { id } });
  const order = data?.node?.__typename === "Order" ? data.node : null;
  const reload = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);

  // Someone else changed the order: a viewer reloads with a notice; an editor keeps the input and is told that a
  // newer version exists (never under the person's typing).
  const watcher = useChangeWatcher<LiveEvent>((event) => {
    const change = (event.payload as { change?: unknown }).change;
    const actor = actorName(event.actor, t);
    reload();
    if (editing.isEditing()) editing.newer(actor, (event.payload as { version: number }).version);
    else setNotice({ kind: "info", text: t("orderDetail.changedLive", { actor, what: kindText(i18n, typeof change === "string" ? change : "updated") }) });
  });
  useEffect(() => watcher.reset(), [watcher, id]);
  useEffect(() => watcher.see(order?.version), [watcher, order?.version]);
  const track = useCallback<typeof watcher.around>((work, versionOf) => watcher.around(work, versionOf), [watcher]);
  const editing = useOrderEdit({ order, track, reload, notify: setNotice });
  const edit = editing.edit;
  const presence = usePresence(order?.id ?? null, !!edit);

  useLiveEvents({
    topics: edit ? ["ORDER", "STOCK", "SHIPMENT"] : ["ORDER", "SHIPMENT"],
    merchantId: order?.merchant?.id,
    enabled: !!order,
    onEvent: (event) => {
      if (event.topic === "ORDER" && event.entityId === order?.id) watcher.event(event);
      // Availability shown while editing lines follows stock changes of those products.
      else if (event.topic === "STOCK" && editing.hasLine((event.payload as { sku?: unknown }).sku)) reload();
      // Its parcels: packed, shipped, the carrier's tracking events, delivered.
      else if (event.topic === "SHIPMENT" && (event.payload as { orderNumber?: unknown }).orderNumber === order?.number) reload();
    },
    onResumed: reload,
  });

  if (fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (error && !data) return <Alert kind="error">{t("app.error", { message: error.message })}</Alert>;
  if (!order) return <NotFoundPage />;

  const writable = can(user.role, "orders:write");

  return (
    <section className="order-detail">
      <p className="breadcrumb">
        <Link to="/orders">{t("orderDetail.back")}</Link>
      </p>
      <PageHeader
        title={t("orderDetail.title", { number: order.number })}
        subtitle={[
          order.merchant ? `${order.merchant.code} · ${order.merchant.name}` : null,
          t(`orderSource.${order.source}`) + (order.shop ? ` · ${order.shop}` : ""),
          order.externalNumber ? t("orderDetail.externalNumber", { number: order.externalNumber }) : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      >
        <OrderStatusPill status={order.status} />
        <PaymentStatusPill status={order.paymentStatus} />
      </PageHeader>

      <PresenceBar presence={presence} />
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      {order.status === "ON_HOLD" && order.holdReason && <Alert kind="info">{t("orderDetail.heldBecause", { reason: order.holdReason })}</Alert>}
      {order.status === "CANCELLED" && order.cancelReason && <Alert kind="info">{t("orderDetail.cancelledBecause", { reason: order.cancelReason })}</Alert>}

      {writable && !edit && (
        <OrderActions order={order} canPay={can(user.role, "orders:pay")} onEdit={() => editing.start(order)} onAction={setDialog} notify={setNotice} />
      )}
      {dialog && (
        <OrderActionDialog
          action={dialog}
          order={order}
          track={track}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null);
            setNotice({ kind: "success", text });
          }}
        />
      )}

      {edit ? <OrderEditForm order={order} edit={edit} editing={editing} othersEditing={presence.othersEditing} /> : <OrderView order={order} />}
      <OrderParcels parcels={order.parcels} />

      <div className="detail-grid order-detail-lower">
        <div className="card">
          <h2 id="order-history-title">{t("orderDetail.history")}</h2>
          <OrderHistory history={order.history} currency={order.currency} />
        </div>
        <div className="card">
          <OrderNotes order={order} writable={writable} track={track} />
          <OrderTags order={order} writable={writable} track={track} />
        </div>
      </div>
    </section>
  );
}
