import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { errorCode } from "../api/client";
import { Alert, PageHeader, SelectField, TextField, Time, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import type { ShippingMethod } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useMerchantScope } from "../shell/MerchantScope";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { PicklistCreateMutation, ReadyOrdersQuery, WarehousesQuery } from "./operations";
import "./picking.css";

const SHIPPING_METHODS: ShippingMethod[] = ["STANDARD", "EXPRESS", "NEXT_DAY", "CLICK_AND_COLLECT"];
const FIELDS = ["warehouseId", "orderIds", "rule.maxOrders", "rule.merchantId", "rule.shippingMethod"];

/**
 * A new picklist for one warehouse: by rule (the oldest released orders, up to a number, optionally of one merchant
 * or shipping method) or by hand (released orders chosen from the list).
 */
export function PicklistCreatePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const errorText = useUserErrorText();
  const { merchants } = useMerchantScope();
  const [{ data: places }] = useQuery({ query: WarehousesQuery });
  const warehouses = places?.warehouses.filter((w) => w.isActive) ?? [];
  const [chosenWarehouse, setWarehouse] = useState("");
  const warehouseId = chosenWarehouse || warehouses[0]?.id || "";
  const [mode, setMode] = useState<"rule" | "hand">("rule");
  const [maxOrders, setMaxOrders] = useState("20");
  const [merchantId, setMerchantId] = useState("");
  const [methods, setMethods] = useState<ShippingMethod[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, create] = useMutation(PicklistCreateMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const rule = { maxOrders: Number(maxOrders), merchantId: merchantId || null, shippingMethod: methods.length ? methods : null };
    const result = await create({ input: { warehouseId, ...(mode === "rule" ? { rule } : { orderIds: chosen }) } });
    const payload = result.data?.picklistCreate;
    if (!payload) {
      setGeneral([errorCode(result.error) === "FORBIDDEN" ? t("form.forbidden") : t("app.error", { message: result.error?.message ?? "" })]);
      return;
    }
    const split = splitErrors(payload.errors, FIELDS, errorText);
    setErrors(split.byField);
    setGeneral(split.general);
    if (payload.picklist) navigate(`/picklists/${encodeURIComponent(payload.picklist.id)}`);
  }

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/picklists">{t("picklists.back")}</Link>
      </p>
      <PageHeader title={t("picklists.create")} subtitle={t("picklists.createSubtitle")} />
      <form className="card form-grid picklist-form" onSubmit={submit} noValidate aria-label={t("picklists.create")}>
        {general.map((message) => (
          <Alert key={message} kind="error">
            {message}
          </Alert>
        ))}
        <SelectField label={t("picklists.warehouse")} value={warehouseId} onChange={(e) => setWarehouse(e.target.value)} error={errors.warehouseId}>
          {warehouses.map((w) => (
            <option key={w.id} value={w.id}>
              {w.code} · {w.name}
            </option>
          ))}
        </SelectField>
        <fieldset className="choice-row">
          <legend>{t("picklists.how")}</legend>
          <label>
            <input type="radio" name="mode" checked={mode === "rule"} onChange={() => setMode("rule")} /> {t("picklists.byRule")}
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === "hand"} onChange={() => setMode("hand")} /> {t("picklists.byHand")}
          </label>
        </fieldset>
        {mode === "rule" ? (
          <>
            <TextField
              label={t("picklists.maxOrders")}
              hint={t("picklists.maxOrdersHint")}
              inputMode="numeric"
              value={maxOrders}
              onChange={(e) => setMaxOrders(e.target.value)}
              error={errors["rule.maxOrders"]}
            />
            {merchants.length > 0 && (
              <SelectField label={t("picklists.merchant")} value={merchantId} onChange={(e) => setMerchantId(e.target.value)} error={errors["rule.merchantId"]}>
                <option value="">{t("picklists.anyMerchant")}</option>
                {merchants.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.code} · {m.name}
                  </option>
                ))}
              </SelectField>
            )}
            <fieldset className="choice-row">
              <legend>{t("picklists.shippingMethods")}</legend>
              {SHIPPING_METHODS.map((method) => (
                <label key={method}>
                  <input
                    type="checkbox"
                    checked={methods.includes(method)}
                    onChange={(e) => setMethods((all) => (e.target.checked ? [...all, method] : all.filter((m) => m !== method)))}
                  />{" "}
                  {t(`shippingMethod.${method}`)}
                </label>
              ))}
              <p className="field-hint">{t("picklists.shippingMethodsHint")}</p>
            </fieldset>
          </>
        ) : (
          <ReadyOrders warehouseId={warehouseId} chosen={chosen} onChange={setChosen} error={errors.orderIds} />
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={fetching || !warehouseId || (mode === "hand" && chosen.length === 0)}>
            {fetching ? t("form.saving") : t("picklists.make")}
          </button>
          <Link className="button button--ghost" to="/picklists">
            {t("form.cancel")}
          </Link>
        </div>
      </form>
    </section>
  );
}

/** The released orders of the warehouse (oldest first, as a rule would take them), to tick. */
function ReadyOrders({ warehouseId, chosen, onChange, error }: { warehouseId: string; chosen: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const { t, number } = useI18n();
  const { merchantFilter } = useMerchantScope();
  const [{ data, fetching }, refetch] = useQuery({
    query: ReadyOrdersQuery,
    variables: { first: 100, filter: { status: ["READY"], merchantId: merchantFilter } },
  });
  useLiveRefetch(["ORDER", "PICKLIST"], () => refetch({ requestPolicy: "network-only" }));
  const orders = (data?.fulfillmentOrders.edges.map((e) => e.node) ?? [])
    .filter((o) => o.warehouse?.id === warehouseId)
    .sort((a, b) => (a.placedAt ?? a.createdAt).localeCompare(b.placedAt ?? b.createdAt));
  const toggle = (id: string, on: boolean) => onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id));
  return (
    <fieldset className="ready-orders">
      <legend>{t("picklists.readyOrders")}</legend>
      {error && <p className="field-error">{error}</p>}
      {fetching && !data ? (
        <p className="empty empty--small">{t("app.loading")}</p>
      ) : orders.length === 0 ? (
        <p className="empty empty--small">{t("picklists.noReadyOrders")}</p>
      ) : (
        <ul className="ready-order-list">
          {orders.map((o) => (
            <li key={o.id}>
              <label>
                <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => toggle(o.id, e.target.checked)} />{" "}
                <strong>{o.number}</strong> <span>{o.merchant?.code}</span> <span>{t(`shippingMethod.${o.shippingMethod}`)}</span>{" "}
                <span>{t("picklists.units", { count: o.lines.reduce((s, l) => s + l.quantity, 0) })}</span>{" "}
                <Time value={o.placedAt ?? o.createdAt} mode="smart" />
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="field-hint">{t("picklists.chosen", { count: chosen.length, total: number(orders.length) })}</p>
    </fieldset>
  );
}
