import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { Alert, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import type { PackingParcelFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import { CARRIERS, TYPED_CARRIERS, carrierOf, trackingHref, type Carrier } from "./carriers";
import {
  OrderPickedUpMutation,
  OrderReadyForPickupMutation,
  OrderDocumentsLinkMutation,
  OrderShipAvailableMutation,
  PackageTypesQuery,
  ParcelLabelLinkMutation,
  ParcelUpdateMutation,
  ShipmentCreateMutation,
} from "./operations";
import { parseWeight } from "./verify";
import type { PackingOrder } from "./PackingPage";

type Parcel = PackingParcelFieldsFragment;
type Errors = { byField: FieldErrors; general: string[] };
const NO_ERRORS: Errors = { byField: {}, general: [] };
const SHIP_FIELDS = ["carrier", "trackingNumber", "trackingUrl"];

/** The order's parcels: the packed ones ship from here; click & collect orders wait at the counter instead. */
export function ParcelsPanel({ order, openUnits, onChanged, onDone }: { order: PackingOrder; openUnits: number; onChanged: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const collect = order.shippingMethod === "CLICK_AND_COLLECT";
  // Part of the order is picked while the rest waits (short picks, backorders): ship what is there now.
  const partial = !collect && openUnits > 0 && (order.status === "PICKING" || order.status === "BACKORDERED") && order.lines.some((l) => l.picked < l.quantity - l.shipped);
  return (
    <div className="packing-parcels">
      <h2 className="section-title">{t("packing.parcels")}</h2>
      {order.parcels.length === 0 ? (
        <p className="empty empty--small">{t("packing.noParcels")}</p>
      ) : (
        <ul className="parcel-list" aria-label={t("packing.parcels")}>
          {order.parcels.map((parcel) => (
            <li key={parcel.id} className="card parcel-card" aria-label={parcel.number} data-status={parcel.status}>
              <ParcelSummary parcel={parcel} />
              <PrintActions orderId={order.id} parcel={parcel} />
              {parcel.status === "PACKED" && <RepackForm parcel={parcel} warehouseId={order.warehouse?.id ?? null} onChanged={onChanged} />}
              {parcel.status === "PACKED" && !collect && (
                <ShipForm
                  label={t("packing.shipParcel", { parcel: parcel.number })}
                  submit={t("packing.ship")}
                  mutate={(input, ship) => ship.parcel({ input: { parcelId: parcel.id, ...input } }).then((r) => r.data?.shipmentCreate ?? r.error)}
                  onShipped={() => {
                    onChanged();
                    onDone();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {partial && (
        <div className="card">
          <h3>{t("packing.shipAvailable")}</h3>
          <p className="field-hint">{t("packing.shipAvailableHint")}</p>
          <ShipForm
            label={t("packing.shipAvailable")}
            submit={t("packing.shipAvailableButton")}
            carriers={TYPED_CARRIERS}
            mutate={(input, ship) => ship.available({ input: { orderId: order.id, ...input } }).then((r) => r.data?.orderShipAvailable ?? r.error)}
            onShipped={onChanged}
          />
        </div>
      )}
      {collect && order.status === "PACKED" && <CollectActions order={order} onChanged={onChanged} />}
    </div>
  );
}

/** A parcel's status in words; a status this dashboard does not know yet shows as the API names it. */
export function parcelStatusText({ t, has }: Pick<ReturnType<typeof useI18n>, "t" | "has">, status: string): string {
  const key = `parcelStatus.${status}`;
  return has(key) ? t(key) : status;
}

export function carrierText({ t, has }: Pick<ReturnType<typeof useI18n>, "t" | "has">, carrier: string): string {
  const key = `carrier.${carrier}`;
  return has(key) ? t(key) : carrier;
}

function ParcelSummary({ parcel }: { parcel: Parcel }) {
  const i18n = useI18n();
  const { t, number } = i18n;
  const href = trackingHref(parcel.trackingUrl);
  return (
    <div className="parcel-summary">
      <p className="parcel-head">
        <strong>{parcel.number}</strong> <span className={`parcel-status parcel-status--${parcel.status.toLowerCase()}`}>{parcelStatusText(i18n, parcel.status)}</span>
        {parcel.weightGrams != null && <span>{t("packing.grams", { grams: number(parcel.weightGrams) })}</span>}
        {parcel.trackingNumber && (
          <span data-testid="tracking-number">
            {carrierText(i18n, parcel.carrier)} · {href ? <a href={href} target="_blank" rel="noreferrer">{parcel.trackingNumber}</a> : parcel.trackingNumber}
          </span>
        )}
      </p>
      <p className="parcel-contents">{parcel.lines.map((l) => `${number(l.quantity)} × ${l.sku}`).join(", ")}</p>
    </div>
  );
}

/** The parcel's papers: its delivery note for the box (A4 or the 80 mm roll), and the carrier's label once bought.
 * Each is a short-lived signed link the API issues; the PDF opens in a new tab for the printer. */
function PrintActions({ orderId, parcel }: { orderId: string; parcel: Parcel }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [labelState, labelLink] = useMutation(ParcelLabelLinkMutation);
  const [noteState, noteLink] = useMutation(OrderDocumentsLinkMutation);
  const [error, setError] = useState<string | null>(null);

  async function open(issue: () => Promise<{ url?: string | null; errors: readonly { code: string; message: string }[] } | undefined>) {
    // Opened before the link exists, so that the browser counts it as the click's own window.
    const tab = window.open("about:blank", "_blank");
    const payload = await issue();
    const problem = !payload ? t("app.error", { message: "" }) : payload.errors.length ? errorText(payload.errors[0]!) : null;
    if (problem || !payload?.url) {
      tab?.close();
      return setError(problem ?? t("app.error", { message: "" }));
    }
    setError(null);
    if (tab) tab.location.href = payload.url;
    else window.location.assign(payload.url);
  }

  const label = (size: "A6" | "A4") => open(() => labelLink({ input: { parcelId: parcel.id, size } }).then((r) => r.data?.parcelLabelLink));
  const note = (format: "A4" | "THERMAL_80MM") =>
    open(() => noteLink({ input: { orderId, parcelId: parcel.id, kind: "DELIVERY_NOTE", format } }).then((r) => r.data?.orderDocumentsLink));
  const busy = labelState.fetching || noteState.fetching;
  return (
    <div className="parcel-print" role="group" aria-label={t("packing.print", { parcel: parcel.number })}>
      {parcel.hasLabel && (
        <>
          <button type="button" className="button button--small" disabled={busy} onClick={() => label("A6")}>
            {t("packing.printLabel")}
          </button>
          <button type="button" className="button button--small" disabled={busy} onClick={() => label("A4")}>
            {t("packing.printLabelA4")}
          </button>
        </>
      )}
      <button type="button" className="button button--small" disabled={busy} onClick={() => note("A4")}>
        {t("packing.printDeliveryNote")}
      </button>
      <button type="button" className="button button--small" disabled={busy} onClick={() => note("THERMAL_80MM")}>
        {t("packing.printDeliveryNoteRoll")}
      </button>
      {error && <Alert kind="error">{error}</Alert>}
    </div>
  );
}

/** Another box or the weight the scale shows, before the parcel ships (parcelUpdate). */
function RepackForm({ parcel, warehouseId, onChanged }: { parcel: Parcel; warehouseId: string | null; onChanged: () => void }) {
  const { t, number } = useI18n();
  const errorText = useUserErrorText();
  const [{ data }] = useQuery({ query: PackageTypesQuery, variables: { warehouseId: warehouseId ?? "" }, pause: !warehouseId });
  const [{ fetching }, update] = useMutation(ParcelUpdateMutation);
  const [packageCode, setPackageCode] = useState<string | null>(null);
  const [weight, setWeight] = useState("");
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const packages = data?.packageTypes ?? [];

  async function save(event: FormEvent) {
    event.preventDefault();
    const grams = weight.trim() ? parseWeight(weight) : null;
    if (weight.trim() && grams === null) return setErrors({ byField: { weightGrams: t("packing.weightInvalid") }, general: [] });
    const result = await update({ input: { parcelId: parcel.id, packageTypeCode: packageCode, weightGrams: grams } });
    const payload = result.data?.parcelUpdate;
    if (!payload) return setErrors({ byField: {}, general: [t("app.error", { message: result.error?.message ?? "" })] });
    if (payload.errors.length) return setErrors(splitErrors(payload.errors, ["packageTypeCode", "weightGrams"], errorText));
    setErrors(NO_ERRORS);
    setWeight("");
    setPackageCode(null);
    onChanged();
  }

  return (
    <details className="repack">
      <summary>{t("packing.repack")}</summary>
      <form className="ship-form" onSubmit={save} aria-label={t("packing.repackParcel", { parcel: parcel.number })}>
        <div className={`field${errors.byField.packageTypeCode ? " field--invalid" : ""}`}>
          <label>
            {t("packing.packageType")}
            <select value={packageCode ?? ""} onChange={(e) => setPackageCode(e.target.value)} aria-invalid={errors.byField.packageTypeCode ? true : undefined}>
              <option value="">{t("packing.noPackage")}</option>
              {packages.map((p) => (
                <option key={p.id} value={p.code}>
                  {t("packing.packageOption", { code: p.code, name: p.name, size: `${p.lengthMm}×${p.widthMm}×${p.heightMm}`, tare: number(p.tareGrams) })}
                </option>
              ))}
            </select>
          </label>
          {errors.byField.packageTypeCode && <p className="field-error">{errors.byField.packageTypeCode}</p>}
        </div>
        <div className={`field${errors.byField.weightGrams ? " field--invalid" : ""}`}>
          <label>
            {t("packing.weight")}
            <input inputMode="decimal" autoComplete="off" value={weight} aria-invalid={errors.byField.weightGrams ? true : undefined} onChange={(e) => setWeight(e.target.value)} />
          </label>
          {errors.byField.weightGrams && <p className="field-error">{errors.byField.weightGrams}</p>}
        </div>
        <button type="submit" className="button" disabled={fetching || (packageCode === null && !weight.trim())}>
          {t("packing.repackSave")}
        </button>
        {errors.general.map((text) => (
          <Alert key={text} kind="error">
            {text}
          </Alert>
        ))}
      </form>
    </details>
  );
}

interface ShipInput {
  carrier: string;
  trackingNumber: string;
  trackingUrl: string;
}

type ShipPayload = { errors: readonly { field?: string | null; message: string; code: string }[] } | { message: string } | null | undefined;

function useShipMutations() {
  const [parcelState, parcel] = useMutation(ShipmentCreateMutation);
  const [availableState, available] = useMutation(OrderShipAvailableMutation);
  return { parcel, available, fetching: parcelState.fetching || availableState.fetching };
}

/** A carrier and, for a label printed elsewhere, its tracking number (the tracking address is optional). */
function ShipForm({ label, submit, carriers = CARRIERS, mutate, onShipped }: { label: string; submit: string; carriers?: readonly Carrier[]; mutate: (input: ShipInput, ship: ReturnType<typeof useShipMutations>) => Promise<ShipPayload>; onShipped: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const errorText = useUserErrorText();
  const ship = useShipMutations();
  const [carrier, setCarrier] = useState(carriers[0]!.code);
  const [trackingNumber, setTrackingNumber] = useState("");
  const [trackingUrl, setTrackingUrl] = useState("");
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const typed = carrierOf(carrier).typesTrackingNumber;

  async function send(event: FormEvent) {
    event.preventDefault();
    const payload = await mutate({ carrier, trackingNumber: typed ? trackingNumber.trim() : "", trackingUrl: typed ? trackingUrl.trim() : "" }, ship);
    if (!payload || !("errors" in payload)) return setErrors({ byField: {}, general: [t("app.error", { message: payload?.message ?? "" })] });
    if (payload.errors.length) return setErrors(splitErrors(payload.errors, SHIP_FIELDS, errorText));
    setErrors(NO_ERRORS);
    setTrackingNumber("");
    setTrackingUrl("");
    onShipped();
  }

  const field = (name: string) => ({ invalid: errors.byField[name] ? true : undefined, error: errors.byField[name] });
  return (
    <form className="ship-form" onSubmit={send} aria-label={label}>
      <div className={`field${field("carrier").error ? " field--invalid" : ""}`}>
        <label>
          {t("packing.carrier")}
          <select value={carrier} onChange={(e) => setCarrier(e.target.value)} aria-invalid={field("carrier").invalid}>
            {carriers.map((c) => (
              <option key={c.code} value={c.code}>
                {carrierText(i18n, c.code)}
              </option>
            ))}
          </select>
        </label>
        {field("carrier").error && <p className="field-error">{field("carrier").error}</p>}
      </div>
      {typed && (
        <>
          <div className={`field${field("trackingNumber").error ? " field--invalid" : ""}`}>
            <label>
              {t("packing.trackingNumber")}
              <input autoComplete="off" spellCheck={false} value={trackingNumber} aria-invalid={field("trackingNumber").invalid} onChange={(e) => setTrackingNumber(e.target.value)} />
            </label>
            {field("trackingNumber").error && <p className="field-error">{field("trackingNumber").error}</p>}
          </div>
          <div className={`field${field("trackingUrl").error ? " field--invalid" : ""}`}>
            <label>
              {t("packing.trackingUrl")}
              <input type="url" autoComplete="off" spellCheck={false} value={trackingUrl} placeholder="https://" aria-invalid={field("trackingUrl").invalid} onChange={(e) => setTrackingUrl(e.target.value)} />
            </label>
            {field("trackingUrl").error && <p className="field-error">{field("trackingUrl").error}</p>}
          </div>
        </>
      )}
      <button type="submit" className="button button--primary" disabled={ship.fetching}>
        {ship.fetching ? t("form.saving") : submit}
      </button>
      {errors.general.map((text) => (
        <Alert key={text} kind="error">
          {text}
        </Alert>
      ))}
    </form>
  );
}

/** A packed click & collect order: it waits at the counter, then someone collects it. */
function CollectActions({ order, onChanged }: { order: PackingOrder; onChanged: () => void }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [{ fetching: marking }, ready] = useMutation(OrderReadyForPickupMutation);
  const [{ fetching: closing }, pickedUp] = useMutation(OrderPickedUpMutation);
  const [collectedBy, setCollectedBy] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);

  async function markReady() {
    const result = await ready({ input: { orderId: order.id } });
    const payload = result.data?.orderReadyForPickup;
    if (!payload) return setErrors({ byField: {}, general: [t("app.error", { message: result.error?.message ?? "" })] });
    if (payload.errors.length) return setErrors(splitErrors(payload.errors, [], errorText));
    setErrors(NO_ERRORS);
    setNotice(t("packing.readyNotice", { number: order.number }));
    onChanged();
  }

  async function collect(event: FormEvent) {
    event.preventDefault();
    const result = await pickedUp({ input: { orderId: order.id, collectedBy } });
    const payload = result.data?.orderPickedUp;
    if (!payload) return setErrors({ byField: {}, general: [t("app.error", { message: result.error?.message ?? "" })] });
    if (payload.errors.length) return setErrors(splitErrors(payload.errors, ["collectedBy"], errorText));
    setErrors(NO_ERRORS);
    setNotice(t("packing.collectedNotice", { number: order.number, name: collectedBy.trim() }));
    onChanged();
  }

  return (
    <div className="card collect-actions">
      <h3>{t("packing.collect")}</h3>
      {notice && <Alert kind="success">{notice}</Alert>}
      <button type="button" className="button" disabled={marking} onClick={markReady}>
        {t("packing.readyForPickup")}
      </button>
      <form className="ship-form" onSubmit={collect} aria-label={t("packing.pickedUp")}>
        <div className={`field${errors.byField.collectedBy ? " field--invalid" : ""}`}>
          <label>
            {t("packing.collectedBy")}
            <input autoComplete="off" value={collectedBy} aria-invalid={errors.byField.collectedBy ? true : undefined} onChange={(e) => setCollectedBy(e.target.value)} />
          </label>
          {errors.byField.collectedBy && <p className="field-error">{errors.byField.collectedBy}</p>}
        </div>
        <button type="submit" className="button button--primary" disabled={closing}>
          {t("packing.pickedUp")}
        </button>
      </form>
      {errors.general.map((text) => (
        <Alert key={text} kind="error">
          {text}
        </Alert>
      ))}
    </div>
  );
}
