import { Time } from "../../components/ui";
import type { OrderParcelFieldsFragment } from "../../gql/graphql";
import { useI18n, type MessageKey } from "../../i18n";
import { trackingHref } from "../../packing/carriers";
import { carrierText, parcelStatusText } from "../../packing/ParcelsPanel";

/** The order's parcels as merchants and support follow them: contents, carrier, tracking link and events. */
export function OrderParcels({ parcels }: { parcels: readonly OrderParcelFieldsFragment[] }) {
  const i18n = useI18n();
  const { t, number } = i18n;
  if (!parcels.length) return null;
  return (
    <div className="card order-parcels">
      <h2 id="order-parcels-title">{t("orderDetail.parcels")}</h2>
      <ul className="parcel-list" aria-labelledby="order-parcels-title">
        {parcels.map((parcel) => {
          const href = trackingHref(parcel.trackingUrl);
          return (
            <li key={parcel.id} className="parcel-item" aria-label={parcel.number} data-status={parcel.status}>
              <dl className="facts">
                <dt>{t("orderDetail.parcel")}</dt>
                <dd>
                  <strong>{parcel.number}</strong> · <span data-testid="parcel-status">{parcelStatusText(i18n, parcel.status)}</span>
                </dd>
                {parcel.carrier && (
                  <>
                    <dt>{t("packing.carrier")}</dt>
                    <dd>{carrierText(i18n, parcel.carrier) + (parcel.service ? ` · ${parcel.service}` : "")}</dd>
                  </>
                )}
                {parcel.trackingNumber && (
                  <>
                    <dt>{t("packing.trackingNumber")}</dt>
                    <dd data-testid="tracking-number">
                      {href ? (
                        <a href={href} target="_blank" rel="noreferrer">
                          {parcel.trackingNumber}
                        </a>
                      ) : (
                        parcel.trackingNumber
                      )}
                    </dd>
                  </>
                )}
                {parcel.weightGrams != null && (
                  <>
                    <dt>{t("packing.weight")}</dt>
                    <dd>{t("packing.grams", { grams: number(parcel.weightGrams) })}</dd>
                  </>
                )}
                <dt>{t("orderDetail.parcelContents")}</dt>
                <dd>{parcel.lines.map((l) => `${number(l.quantity)} × ${l.sku} · ${l.name}`).join(", ") || "—"}</dd>
                {parcel.shippedAt && (
                  <>
                    <dt>{t("orderDetail.shippedAt")}</dt>
                    <dd>
                      <Time value={parcel.shippedAt} />
                    </dd>
                  </>
                )}
              </dl>
              {parcel.tracking.length > 0 && (
                <ol className="tracking-events" aria-label={t("orderDetail.trackingOf", { parcel: parcel.number })}>
                  {[...parcel.tracking].reverse().map((event, index) => (
                    <li key={`${event.occurredAt}-${index}`}>
                      <Time value={event.occurredAt} /> · <strong>{i18n.has(`trackingStatus.${event.status}`) ? t(`trackingStatus.${event.status}` as MessageKey) : event.status}</strong>
                      {event.description && ` · ${event.description}`}
                      {event.location && ` · ${event.location}`}
                    </li>
                  ))}
                </ol>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
