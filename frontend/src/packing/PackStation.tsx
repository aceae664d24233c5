import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { Alert, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import { useI18n } from "../i18n";
import { buzz } from "../inbound/beep";
import { PackageTypesQuery, ParcelCreateMutation } from "./operations";
import type { PackingOrder } from "./PackingPage";
import { ParcelsPanel } from "./ParcelsPanel";
import {
  computedWeight,
  isComplete,
  leftToScan,
  normalizeCode,
  openUnits,
  parcelLines,
  parseWeight,
  scanItem,
  unscan,
  verifiedUnits,
  type PackLine,
  type Verified,
} from "./verify";

type Feedback = { kind: "ok" | "error"; text: string } | null;

// As the API packs them: being picked or packed, or sent back to backorder with units picked.
const PACKABLE = ["PICKING", "PACKED", "BACKORDERED"];
const PARCEL_FIELDS = ["packageTypeCode", "weightGrams", "lines"];

function packLines(order: PackingOrder): PackLine[] {
  return order.lines.map((l) => ({ id: l.id, sku: l.sku, name: l.name, picked: l.picked, barcode: l.product?.barcode, weightGrams: l.product?.weightGrams }));
}

/** One order at the desk: its picked lines, the items scanned into the parcel, and the parcel's box and weight. */
export function PackStation({ order, onChanged, onDone }: { order: PackingOrder; onChanged: () => void; onDone: () => void }) {
  const { t, number } = useI18n();
  const lines = useMemo(() => packLines(order), [order]);
  const open = useMemo(() => openUnits(lines, order.parcels), [lines, order.parcels]);
  const [verified, setVerified] = useState<Verified>({});
  const [code, setCode] = useState("");
  const [feedback, setFeedback] = useState<Feedback>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const openTotal = Object.values(open).reduce((a, b) => a + b, 0);
  const packable = PACKABLE.includes(order.status) && openTotal > 0;

  // A scanner types wherever the focus is: when nothing in particular has it, the item scan field takes it back.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.activeElement === document.body && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) scanRef.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function scan(event: FormEvent) {
    event.preventDefault();
    const scanned = normalizeCode(code);
    setCode("");
    scanRef.current?.focus();
    if (!scanned) return;
    const result = scanItem(lines, open, verified, scanned);
    if (result.ok) {
      setVerified(result.verified);
      setFeedback({ kind: "ok", text: t("packing.scanned", { sku: result.line.sku, left: result.left }) });
      return;
    }
    buzz();
    setFeedback({
      kind: "error",
      text: result.reason === "unknown" ? t("packing.wrongItem", { code: result.code, number: order.number }) : t("packing.extraItem", { sku: result.line.sku, count: result.open }),
    });
  }

  return (
    <>
      {packable ? (
        <>
          <form className="scan card packing-scan" onSubmit={scan} aria-label={t("packing.scanForm")}>
            <div className={`field scan-field${feedback?.kind === "error" ? " field--invalid" : ""}`}>
              <label htmlFor="packing-item">{t("packing.scanItem")}</label>
              <input
                id="packing-item"
                ref={scanRef}
                autoFocus
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                value={code}
                aria-invalid={feedback?.kind === "error" ? true : undefined}
                onChange={(e) => setCode(e.target.value)}
              />
            </div>
            <button type="submit" className="button">
              {t("packing.verify")}
            </button>
          </form>
        </>
      ) : (
        <Alert kind="info">{openTotal === 0 && PACKABLE.includes(order.status) ? t("packing.allPacked") : t("packing.notPackable", { status: t(`orderStatus.${order.status}`) })}</Alert>
      )}
      <div className="scan-feedback" aria-live="polite">
        {feedback && (
          <div className={`alert alert--${feedback.kind === "ok" ? "success" : "error"} packing-feedback`} role={feedback.kind === "ok" ? "status" : "alert"}>
            {feedback.text}
          </div>
        )}
      </div>

      <div className="table-wrap">
        <table className="table packing-lines" aria-label={t("packing.lines")}>
          <thead>
            <tr>
              <th scope="col">{t("packing.product")}</th>
              <th scope="col" className="num">{t("packing.ordered")}</th>
              <th scope="col" className="num">{t("packing.toPack")}</th>
              <th scope="col" className="num">{t("packing.inParcel")}</th>
              <th scope="col" className="num">{t("packing.left")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("packing.correct")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const left = leftToScan(line, open, verified);
              const done = (open[line.id] ?? 0) > 0 && left === 0;
              return (
                <tr key={line.id} data-sku={line.sku} className={done ? "row--done" : undefined}>
                  <th scope="row" data-label={t("packing.product")}>
                    <strong>{line.sku}</strong> <span className="line-name">{line.name}</span>
                    {line.barcode && <span className="cell-note">{line.barcode}</span>}
                  </th>
                  <td className="num" data-label={t("packing.ordered")}>{number(order.lines.find((l) => l.id === line.id)?.quantity ?? 0)}</td>
                  <td className="num" data-label={t("packing.toPack")}>{number(open[line.id] ?? 0)}</td>
                  <td className="num packing-count" data-label={t("packing.inParcel")} data-testid={`verified-${line.sku}`}>
                    {number(verified[line.id] ?? 0)}
                  </td>
                  <td className="num" data-label={t("packing.left")} data-testid={`left-${line.sku}`}>
                    {number(left)}
                  </td>
                  <td>
                    {(verified[line.id] ?? 0) > 0 && (
                      <button type="button" className="button button--ghost button--small" aria-label={t("packing.takeOut", { sku: line.sku })} onClick={() => setVerified((v) => unscan(v, line.id))}>
                        −1
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {packable && (
        <ParcelForm
          order={order}
          lines={lines}
          verified={verified}
          complete={isComplete(lines, open, verified)}
          onPacked={(text) => {
            setVerified({});
            setFeedback({ kind: "ok", text });
            onChanged();
            scanRef.current?.focus();
          }}
        />
      )}
      <ParcelsPanel order={order} openUnits={openTotal} onChanged={onChanged} onDone={onDone} />
    </>
  );
}

/** The parcel's box and weight, and the button that packs what was verified. */
function ParcelForm({ order, lines, verified, complete, onPacked }: { order: PackingOrder; lines: PackLine[]; verified: Verified; complete: boolean; onPacked: (text: string) => void }) {
  const { t, number } = useI18n();
  const errorText = useUserErrorText();
  const [packageCode, setPackageCode] = useState("");
  const [weight, setWeight] = useState("");
  const [errors, setErrors] = useState<{ byField: FieldErrors; general: string[] }>({ byField: {}, general: [] });
  const [{ data }] = useQuery({ query: PackageTypesQuery, variables: { warehouseId: order.warehouse?.id ?? "" }, pause: !order.warehouse });
  const [{ fetching }, create] = useMutation(ParcelCreateMutation);
  const packages = data?.packageTypes ?? [];
  const tare = packages.find((p) => p.code === packageCode)?.tareGrams ?? 0;
  const computed = computedWeight(lines, verified, tare);
  const units = verifiedUnits(verified);

  async function pack(event: FormEvent) {
    event.preventDefault();
    const typed = weight.trim() ? parseWeight(weight) : null;
    if (weight.trim() && typed === null) {
      setErrors({ byField: { weightGrams: t("packing.weightInvalid") }, general: [] });
      return;
    }
    const input = { orderId: order.id, lines: parcelLines(lines, verified), packageTypeCode: packageCode || null, weightGrams: typed };
    const result = await create({ input });
    const payload = result.data?.parcelCreate;
    if (!payload) return setErrors({ byField: {}, general: [t("app.error", { message: result.error?.message ?? "" })] });
    if (payload.errors.length) return setErrors(splitErrors(payload.errors, PARCEL_FIELDS, errorText));
    setErrors({ byField: {}, general: [] });
    setWeight("");
    onPacked(t("packing.packed", { parcel: payload.parcel?.number ?? "", count: units }));
  }

  const lineErrors = Object.entries(errors.byField).filter(([field]) => field.startsWith("lines"));
  return (
    <form className="card packing-parcel" onSubmit={pack} aria-label={t("packing.parcelForm")}>
      <h2>{t("packing.newParcel")}</h2>
      <div className="packing-parcel-fields">
        <div className={`field${errors.byField.packageTypeCode ? " field--invalid" : ""}`}>
          <label htmlFor="packing-package">{t("packing.packageType")}</label>
          <select id="packing-package" value={packageCode} onChange={(e) => setPackageCode(e.target.value)} aria-invalid={errors.byField.packageTypeCode ? true : undefined} aria-describedby={errors.byField.packageTypeCode ? "packing-package-error" : undefined}>
            <option value="">{t("packing.noPackage")}</option>
            {packages.map((p) => (
              <option key={p.id} value={p.code}>
                {t("packing.packageOption", { code: p.code, name: p.name, size: `${p.lengthMm}×${p.widthMm}×${p.heightMm}`, tare: number(p.tareGrams) })}
              </option>
            ))}
          </select>
          {errors.byField.packageTypeCode && <p className="field-error" id="packing-package-error">{errors.byField.packageTypeCode}</p>}
        </div>
        <div className={`field${errors.byField.weightGrams ? " field--invalid" : ""}`}>
          <label htmlFor="packing-weight">{t("packing.weight")}</label>
          <input
            id="packing-weight"
            inputMode="decimal"
            autoComplete="off"
            value={weight}
            placeholder={computed !== null ? t("packing.grams", { grams: number(computed) }) : ""}
            aria-invalid={errors.byField.weightGrams ? true : undefined}
            aria-describedby="packing-weight-hint packing-weight-error"
            onChange={(e) => setWeight(e.target.value)}
          />
          <p className="field-hint" id="packing-weight-hint">
            {computed !== null ? t("packing.weightComputed", { grams: number(computed) }) : t("packing.weightUnknown")}
          </p>
          {errors.byField.weightGrams && <p className="field-error" id="packing-weight-error">{errors.byField.weightGrams}</p>}
        </div>
      </div>
      {[...lineErrors.map(([, text]) => text), ...errors.general].map((text) => (
        <Alert key={text} kind="error">
          {text}
        </Alert>
      ))}
      <div className="book-bar">
        <p className="book-summary">{complete ? t("packing.complete", { count: units }) : t("packing.partial", { count: units })}</p>
        <button type="submit" className="button button--primary" disabled={fetching || units === 0}>
          {fetching ? t("form.saving") : t("packing.createParcel", { count: units })}
        </button>
      </div>
    </form>
  );
}
