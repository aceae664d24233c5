import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { StockAdjustMutation, StockCountMutation, StockTransferMutation, WarehousesQuery } from "./operations";
import { Dialog } from "../components/Dialog";
import { Alert, SelectField, TextField, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import type { MovementReason, ProductDetailFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";

export type StockAction = "adjust" | "transfer" | "count";

const ADJUST_REASONS: MovementReason[] = ["ADJUSTMENT", "DAMAGE", "RETURN"];

interface Props {
  action: StockAction;
  product: ProductDetailFieldsFragment;
  onClose: () => void;
  onDone: (message: string) => void;
}

interface Payload {
  product?: unknown;
  errors: { field?: string | null; message: string; code: string }[];
}

function useWarehouses() {
  const [{ data }] = useQuery({ query: WarehousesQuery, variables: { bins: 100 } });
  return data?.warehouses.filter((w) => w.isActive) ?? [];
}

/** Adjust, transfer and count: the warehouse's corrections of what is physically there. */
export function StockDialog({ action, product, onClose, onDone }: Props) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const warehouses = useWarehouses();
  const [form, setForm] = useState({ warehouseId: "", quantity: "", reason: "ADJUSTMENT", note: "", bin: "", from: "", to: "", counted: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching: a }, adjust] = useMutation(StockAdjustMutation);
  const [{ fetching: tr }, transfer] = useMutation(StockTransferMutation);
  const [{ fetching: c }, count] = useMutation(StockCountMutation);
  const warehouseId = form.warehouseId || warehouses[0]?.id || "";
  const warehouse = warehouses.find((w) => w.id === warehouseId);
  const binCodes = warehouse?.locations.edges.map((e) => e.node).filter((l) => l.isActive).map((l) => l.code) ?? [];
  const productBins = product.bins.filter((b) => b.warehouseId === warehouseId && b.onHand > 0);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const whole = (value: string) => (/^-?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);
  const bin = (value: string) => value.trim().toUpperCase();

  async function submit(event: FormEvent) {
    event.preventDefault();
    let payload: Payload | undefined;
    let message = "";
    let fields: string[] = [];
    if (action === "adjust") {
      const quantity = whole(form.quantity);
      if (!Number.isFinite(quantity) || quantity === 0) return invalid({ quantity: t("stock.quantityHint") });
      fields = ["quantity", "reason", "note", "locationCode", "warehouseId"];
      const result = await adjust({
        input: { productId: product.id, warehouseId, quantity, reason: form.reason as MovementReason, note: form.note.trim(), locationCode: bin(form.bin) || null },
      });
      payload = result.data?.stockAdjust ?? fail(result.error?.message);
      message = t("stock.adjusted", { sku: product.sku, quantity });
    } else if (action === "transfer") {
      const quantity = whole(form.quantity);
      if (!Number.isFinite(quantity) || quantity <= 0) return invalid({ quantity: t("form.positive") });
      fields = ["quantity", "fromLocationCode", "toLocationCode", "warehouseId"];
      const result = await transfer({
        input: { productId: product.id, warehouseId, quantity, fromLocationCode: bin(form.from), toLocationCode: bin(form.to) },
      });
      payload = result.data?.stockTransfer ?? fail(result.error?.message);
      message = t("stock.transferred", { sku: product.sku, quantity, from: bin(form.from), to: bin(form.to) });
    } else {
      const counted = whole(form.counted);
      if (!Number.isFinite(counted) || counted < 0) return invalid({ counted: t("form.wholeNumber") });
      fields = ["counted", "locationCode", "note", "warehouseId"];
      const result = await count({
        input: { productId: product.id, warehouseId, locationCode: bin(form.bin), counted, note: form.note.trim() },
      });
      payload = result.data?.stockCount ?? fail(result.error?.message);
      message = t("stock.counted", { sku: product.sku, counted, bin: bin(form.bin) });
    }
    if (!payload) return;
    const split = splitErrors(payload.errors, fields, errorText);
    setErrors(split.byField);
    setGeneral(split.general);
    if (payload.errors.length === 0) onDone(message);
  }

  function invalid(fieldErrors: FieldErrors) {
    setErrors(fieldErrors);
    setGeneral([]);
  }

  function fail(message = ""): undefined {
    setGeneral([t("app.error", { message })]);
    return undefined;
  }

  const busy = a || tr || c;
  const binList = (
    <datalist id="stock-bins">
      {binCodes.map((code) => (
        <option key={code} value={code} />
      ))}
    </datalist>
  );

  return (
    <Dialog title={t(`stock.${action}Title`, { sku: product.sku })} onClose={onClose}>
      <form onSubmit={submit} noValidate className="dialog-form">
        {general.map((text) => (
          <Alert key={text} kind="error">
            {text}
          </Alert>
        ))}
        {warehouses.length > 1 && (
          <SelectField label={t("stock.warehouse")} value={warehouseId} onChange={set("warehouseId")} error={errors.warehouseId}>
            {warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code} · {w.name}
              </option>
            ))}
          </SelectField>
        )}
        {warehouses.length === 1 && warehouse && (
          <p className="dialog-context">
            {t("stock.warehouse")}: <strong>{warehouse.code}</strong> · {warehouse.name}
          </p>
        )}
        {action === "adjust" && (
          <>
            <TextField label={t("stock.quantity")} hint={t("stock.quantityHint")} inputMode="numeric" autoFocus required value={form.quantity} onChange={set("quantity")} error={errors.quantity} />
            <SelectField label={t("stock.reason")} value={form.reason} onChange={set("reason")} error={errors.reason}>
              {ADJUST_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`movement.${r}`)}
                </option>
              ))}
            </SelectField>
            <TextField label={t("stock.bin")} hint={t("stock.binOptional")} list="stock-bins" autoComplete="off" value={form.bin} onChange={set("bin")} error={errors.locationCode} />
            <TextField label={t("stock.note")} required value={form.note} onChange={set("note")} error={errors.note} />
          </>
        )}
        {action === "transfer" && (
          <>
            <SelectField label={t("stock.from")} value={form.from} onChange={set("from")} error={errors.fromLocationCode} required>
              <option value="">{t("form.choose")}</option>
              {productBins.map((b) => (
                <option key={b.locationCode} value={b.locationCode}>
                  {t("stock.binHolds", { bin: b.locationCode, count: b.onHand })}
                </option>
              ))}
            </SelectField>
            <TextField label={t("stock.to")} list="stock-bins" autoComplete="off" required value={form.to} onChange={set("to")} error={errors.toLocationCode} />
            <TextField label={t("stock.quantity")} inputMode="numeric" required value={form.quantity} onChange={set("quantity")} error={errors.quantity} />
          </>
        )}
        {action === "count" && (
          <>
            <TextField label={t("stock.bin")} list="stock-bins" autoComplete="off" autoFocus required value={form.bin} onChange={set("bin")} error={errors.locationCode} />
            <TextField label={t("stock.countedUnits")} inputMode="numeric" required value={form.counted} onChange={set("counted")} error={errors.counted} />
            <TextField label={t("stock.note")} value={form.note} onChange={set("note")} error={errors.note} />
          </>
        )}
        {binList}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy || !warehouseId}>
            {busy ? t("form.saving") : t(`stock.${action}Submit`)}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            {t("form.cancel")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
