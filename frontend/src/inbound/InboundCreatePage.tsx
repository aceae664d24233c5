import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { errorCode } from "../api/client";
import { ProductsQuery } from "../catalog/operations";
import { WarehousesQuery } from "../stock/operations";
import { InboundCreateMutation } from "./operations";
import { MerchantSelect, useMerchantChoice } from "../components/MerchantField";
import { Alert, PageHeader, SelectField, TextField, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import { useI18n } from "../i18n";

interface Line {
  key: number;
  productId: string;
  quantity: string;
}

let nextKey = 1;
const newLine = (): Line => ({ key: nextKey++, productId: "", quantity: "" });

/** A merchant announces a delivery (an ASN): the products and how many of each. */
export function InboundCreatePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const errorText = useUserErrorText();
  const [chosen, setChosen] = useState("");
  const { operator, merchantId, sendMerchantId } = useMerchantChoice(chosen);
  const [form, setForm] = useState({ reference: "", warehouseId: "", expectedOn: "", carrier: "", trackingNumber: "", note: "" });
  const [lines, setLines] = useState<Line[]>(() => [newLine()]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [{ data: warehouseData }] = useQuery({ query: WarehousesQuery, variables: { bins: 1 } });
  const [{ data: productData }] = useQuery({
    query: ProductsQuery,
    variables: { first: 100, filter: { merchantId: merchantId || null }, sort: { field: "SKU", direction: "ASC" } },
    pause: operator && !merchantId,
  });
  const [{ fetching }, create] = useMutation(InboundCreateMutation);
  const warehouses = warehouseData?.warehouses.filter((w) => w.isActive) ?? [];
  const warehouseId = form.warehouseId || warehouses[0]?.id || "";
  const products = productData?.products.edges.map((e) => e.node) ?? [];
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const setLine = (key: number, change: Partial<Line>) => setLines((all) => all.map((l) => (l.key === key ? { ...l, ...change } : l)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const local: FieldErrors = {};
    const filled = lines.filter((l) => l.productId || l.quantity.trim());
    filled.forEach((line, index) => {
      if (!line.productId) local[`lines.${index}.productId`] = t("form.required");
      if (!/^\d+$/.test(line.quantity.trim()) || Number(line.quantity) <= 0) local[`lines.${index}.expectedQuantity`] = t("form.positive");
    });
    if (filled.length === 0) local.lines = t("inbounds.linesRequired");
    if (Object.keys(local).length) {
      setLines(filled.length ? filled : [newLine()]);
      setErrors(local);
      setGeneral([t("form.errors")]);
      return;
    }
    const result = await create({
      input: {
        merchantId: sendMerchantId,
        warehouseId,
        reference: form.reference.trim(),
        expectedOn: form.expectedOn || null,
        carrier: form.carrier.trim(),
        trackingNumber: form.trackingNumber.trim(),
        note: form.note.trim(),
        lines: filled.map((l) => ({ productId: l.productId, expectedQuantity: Number(l.quantity) })),
      },
    });
    const payload = result.data?.inboundCreate;
    if (!payload) {
      setGeneral([errorCode(result.error) === "FORBIDDEN" ? t("form.forbidden") : t("app.error", { message: result.error?.message ?? "" })]);
      return;
    }
    setLines(filled);
    const fields = ["merchantId", "warehouseId", "reference", "expectedOn", "carrier", "trackingNumber", "note", "lines"];
    filled.forEach((_, index) => fields.push(`lines.${index}.productId`, `lines.${index}.expectedQuantity`));
    const split = splitErrors(payload.errors, fields, errorText);
    setErrors(split.byField);
    setGeneral(split.general);
    if (payload.inbound) navigate(`/inbounds/${encodeURIComponent(payload.inbound.id)}`, { state: { created: true } });
  }

  return (
    <section>
      <PageHeader title={t("inbounds.create")} subtitle={t("inbounds.createSubtitle")} />
      <form className="card form-grid" onSubmit={submit} noValidate aria-label={t("inbounds.create")}>
        {general.map((message) => (
          <Alert key={message} kind="error">
            {message}
          </Alert>
        ))}
        {operator && <MerchantSelect value={merchantId} onChange={setChosen} error={errors.merchantId} />}
        <TextField label={t("inbounds.reference")} hint={t("inbounds.referenceHint")} required autoComplete="off" value={form.reference} onChange={set("reference")} error={errors.reference} />
        {warehouses.length > 1 ? (
          <SelectField label={t("stock.warehouse")} value={warehouseId} onChange={set("warehouseId")} error={errors.warehouseId}>
            {warehouses.map((w) => (
              <option key={w.id} value={w.id}>
                {w.code} · {w.name}
              </option>
            ))}
          </SelectField>
        ) : (
          <TextField label={t("stock.warehouse")} readOnly value={warehouses[0] ? `${warehouses[0].code} · ${warehouses[0].name}` : ""} error={errors.warehouseId} />
        )}
        <TextField label={t("inbounds.expectedOn")} type="date" value={form.expectedOn} onChange={set("expectedOn")} error={errors.expectedOn} />
        <TextField label={t("inbounds.carrier")} value={form.carrier} onChange={set("carrier")} error={errors.carrier} />
        <TextField label={t("inbounds.trackingNumber")} value={form.trackingNumber} onChange={set("trackingNumber")} error={errors.trackingNumber} />
        <TextField label={t("inbounds.note")} value={form.note} onChange={set("note")} error={errors.note} />

        <fieldset className="lines">
          <legend>{t("inbounds.lines")}</legend>
          {errors.lines && <p className="field-error">{errors.lines}</p>}
          {lines.map((line, index) => (
            <div className="line-row" key={line.key} role="group" aria-label={t("inbounds.lineN", { n: index + 1 })}>
              <SelectField
                label={t("inbounds.product")}
                value={line.productId}
                onChange={(e) => setLine(line.key, { productId: e.target.value })}
                error={errors[`lines.${index}.productId`]}
              >
                <option value="">{t("form.choose")}</option>
                {products
                  .filter((p) => !p.isArchived)
                  .map((p) => (
                    <option key={p.id} value={p.id} disabled={lines.some((l) => l.key !== line.key && l.productId === p.id)}>
                      {p.sku} · {p.name}
                    </option>
                  ))}
              </SelectField>
              <TextField
                label={t("inbounds.quantity")}
                inputMode="numeric"
                value={line.quantity}
                onChange={(e) => setLine(line.key, { quantity: e.target.value })}
                error={errors[`lines.${index}.expectedQuantity`]}
              />
              <button
                type="button"
                className="button button--ghost button--small line-remove"
                onClick={() => setLines((all) => (all.length > 1 ? all.filter((l) => l.key !== line.key) : [newLine()]))}
                aria-label={t("inbounds.removeLine", { n: index + 1 })}
              >
                {t("inbounds.remove")}
              </button>
            </div>
          ))}
          <button type="button" className="button button--small" onClick={() => setLines((all) => [...all, newLine()])}>
            {t("inbounds.addLine")}
          </button>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={fetching || !warehouseId}>
            {fetching ? t("form.saving") : t("inbounds.announce")}
          </button>
          <Link className="button button--ghost" to="/inbounds">
            {t("form.cancel")}
          </Link>
        </div>
      </form>
    </section>
  );
}
