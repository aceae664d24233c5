import { useCallback, useRef, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { useClient, useQuery } from "urql";
import { Alert, PageHeader } from "../components/ui";
import type { PackingOrderFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import { buzz } from "../inbound/beep";
import { OrderStatusPill } from "../orders/OrderBits";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { PackingOrderQuery, PackingToteQuery } from "./operations";
import { PackStation } from "./PackStation";
import { normalizeCode, parseTote } from "./verify";
import "./packing.css";

export type PackingOrder = PackingOrderFieldsFragment;

/**
 * The packing station, for a desk with a scanner and a big screen: the packer scans an order number (or a
 * picklist's tote, "PL-12/3"), verifies each item into the parcel by scanning it, packs and ships. The order in
 * front of the packer is in the address (?order=M1-1004), so a reload keeps it; it follows the order live.
 */
export function PackingPage() {
  const { t } = useI18n();
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const number = params.get("order") ?? "";
  const [lookup, setLookup] = useState("");
  const [lookupError, setLookupError] = useState<string | null>(null);
  const lookupRef = useRef<HTMLInputElement>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: PackingOrderQuery, variables: { number }, pause: !number });
  const order = data?.fulfillmentOrders.edges.find((e) => e.node.number === number.toUpperCase())?.node ?? data?.fulfillmentOrders.edges[0]?.node ?? null;
  const reload = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);

  // What the floor and the carriers do to this order shows at once: picking, parcels, shipping, status.
  useLiveRefetch(["SHIPMENT", "PICKLIST", "ORDER"], reload, (event) => {
    if (!order) return false;
    const payload = event.payload as { orderNumber?: unknown; number?: unknown };
    if (event.topic === "ORDER") return payload.number === order.number;
    return payload.orderNumber === order.number || event.topic === "PICKLIST";
  });

  async function open(event: FormEvent) {
    event.preventDefault();
    const scanned = normalizeCode(lookup);
    setLookup("");
    if (!scanned) return;
    setLookupError(null);
    const tote = parseTote(scanned);
    let found = scanned.toUpperCase();
    if (tote) {
      const result = await client.query(PackingToteQuery, {}, { requestPolicy: "network-only" }).toPromise();
      const picklist = result.data?.picklists.edges.find((e) => e.node.number === tote.picklist)?.node;
      // The tote holds what was picked for its order, also once the order left the picklist (picked, or short).
      const entry = picklist?.orders.find((o) => o.tote === tote.tote);
      if (!entry) {
        setLookupError(t("packing.noTote", { picklist: tote.picklist, tote: tote.tote }));
        buzz();
        return;
      }
      found = entry.orderNumber;
    }
    setParams({ order: found });
  }

  const missing = !!number && !!data && !order;
  return (
    <section className="packing">
      <PageHeader title={order ? t("packing.titleOrder", { number: order.number }) : t("packing.title")} subtitle={order ? subtitleOf(order, t) : t("packing.subtitle")}>
        {order && <OrderStatusPill status={order.status} />}
      </PageHeader>
      <form className="scan card packing-lookup" onSubmit={open} aria-label={t("packing.lookupForm")}>
        <div className={`field scan-field${lookupError || missing ? " field--invalid" : ""}`}>
          <label htmlFor="packing-lookup">{t("packing.lookup")}</label>
          <input
            id="packing-lookup"
            ref={lookupRef}
            autoFocus={!number}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            value={lookup}
            aria-describedby="packing-lookup-hint"
            onChange={(e) => setLookup(e.target.value)}
          />
          <p className="field-hint" id="packing-lookup-hint">
            {t("packing.lookupHint")}
          </p>
        </div>
        <button type="submit" className="button">
          {t("packing.open")}
        </button>
      </form>
      {lookupError && <Alert kind="error">{lookupError}</Alert>}
      {missing && <Alert kind="error">{t("packing.noOrder", { number })}</Alert>}
      {error && !data && <Alert kind="error">{t("app.error", { message: error.message })}</Alert>}
      {fetching && !data && number && <p className="empty">{t("app.loading")}</p>}
      {!number && <p className="empty">{t("packing.start")}</p>}
      {order && <PackStation key={order.id} order={order} onChanged={reload} onDone={() => lookupRef.current?.focus()} />}
    </section>
  );
}

function subtitleOf(order: PackingOrder, t: ReturnType<typeof useI18n>["t"]): string {
  return [
    order.merchant ? `${order.merchant.code} · ${order.merchant.name}` : null,
    t(`shippingMethod.${order.shippingMethod}`),
    order.shippingMethod === "CLICK_AND_COLLECT" ? null : [order.shipTo.name, order.shipTo.city, order.shipTo.country].filter(Boolean).join(", "),
  ]
    .filter(Boolean)
    .join(" · ");
}
