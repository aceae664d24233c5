import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useClient, useMutation, useQuery } from "urql";
import { useSignedIn } from "../../auth/AuthProvider";
import { isOperator } from "../../auth/permissions";
import { MerchantSelect } from "../../components/MerchantField";
import { Alert, PageHeader, useUserErrorText } from "../../components/ui";
import type { OrderDetailFieldsFragment } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { availableIn, shipFromChoices, type ProductStock } from "../availability";
import { ChangeWatcher } from "../changeWatcher";
import { localErrors, placeErrors } from "../errors";
import { allChanges, editableLines, emptyForm, formFromOrder, type OrderForm } from "../form";
import { linesReducer, runningTotals, type EditableLine, type LineAction } from "../lines";
import { LinesEditor, type FocusRequest } from "../LinesEditor";
import {
  OrderDetailCancelMutation,
  OrderDetailQuery,
  PhoneOrderDraftCompleteMutation,
  PhoneOrderDraftCreateMutation,
  PhoneOrderDraftUpdateMutation,
  PhoneOrderStockQuery,
  PhoneOrderWarehousesQuery,
} from "../operations";
import { OrderFields } from "../OrderFields";
import { OrderStatusPill, TotalsList } from "../OrderBits";
import { ProductSearch, type SearchProduct } from "../ProductSearch";
import { useLiveEvents, type LiveEvent } from "../useLiveEvents";
import { useMerchantScope } from "../../shell/MerchantScope";
import "../orders.css";

const CURRENCY = "EUR";
/** Lines changed: saved after this pause (a burst of arrow keys is one save). */
const LINES_SAVE_DELAY_MS = 500;

interface Draft {
  id: string;
  number: string;
  version: number;
  merchantId: string;
  /** Where it ships from (and reserves stock): fixed once the draft exists. */
  warehouseId: string | null;
}

type SaveState = "idle" | "saving" | "saved" | "failed";

interface Stale {
  /** The server's "changed by … meanwhile", or who changed the draft live. */
  message: string;
}

/**
 * Taking an order on the phone, keyboard first. The draft is created with the first product and saved as the agent
 * goes (lines at once, other fields when the focus leaves them); Ctrl+Enter places it. Availability per line is
 * live. Operators choose the merchant first.
 */
export function PhoneOrderPage() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const client = useClient();
  const navigate = useNavigate();
  const errorText = useUserErrorText();
  const operator = isOperator(user.role);
  const { merchantFilter, merchantById } = useMerchantScope();
  const [params, setParams] = useSearchParams();
  const draftParam = params.get("draft");

  const [chosenMerchant, setChosenMerchant] = useState(() => (operator ? (merchantFilter ?? "") : ""));
  const [draft, setDraftState] = useState<Draft | null>(null);
  const draftRef = useRef<Draft | null>(null);
  const setDraft = (next: Draft | null) => {
    draftRef.current = next;
    setDraftState(next);
  };
  const merchantId = draft?.merchantId ?? (operator ? chosenMerchant : (user.merchant?.id ?? ""));

  const [form, setFormState] = useState<OrderForm>(emptyForm);
  const [lines, dispatchLines] = useReducer(linesReducer, [] as EditableLine[]);
  // The stock of every product the form has shown, by product id: availability is read for the order's warehouse.
  const [stock, setStock] = useState<Record<string, ProductStock>>({});
  const [{ data: warehouseData }] = useQuery({ query: PhoneOrderWarehousesQuery });
  const activeWarehouses = useMemo(() => shipFromChoices(warehouseData?.warehouses ?? [], null), [warehouseData]);
  const [chosenWarehouse, setChosenWarehouse] = useState("");
  // As the API decides for a new order without one: the first active warehouse by code (the list's order).
  const warehouseId = draft ? draft.warehouseId : (chosenWarehouse || activeWarehouses[0]?.id || null);
  const shipFrom = useMemo(
    () => shipFromChoices(warehouseData?.warehouses ?? [], draft?.warehouseId ?? null),
    [warehouseData, draft?.warehouseId],
  );
  const available = useMemo(
    () => Object.fromEntries(Object.entries(stock).map(([id, product]) => [id, availableIn(product, warehouseId)])),
    [stock, warehouseId],
  );
  const [revision, setRevision] = useState(0);
  const [savedRevision, setSavedRevisionState] = useState(0);
  const savedRef = useRef(0);
  const setSavedRevision = (value: number) => {
    savedRef.current = value;
    setSavedRevisionState(value);
  };
  const [flushTick, setFlushTick] = useState(0);
  const nextDelay = useRef(LINES_SAVE_DELAY_MS);
  const [saveState, setSaveState] = useState<SaveState>("idle");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [stale, setStale] = useState<Stale | null>(null);
  const [placing, setPlacing] = useState(false);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const customerRef = useRef<HTMLFieldSetElement>(null);
  const merchantRef = useRef<HTMLDivElement>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const saveAgain = useRef(false);
  const latest = useRef({ form, lines, revision, merchantId, warehouseId });
  latest.current = { form, lines, revision, merchantId, warehouseId };

  const [, createDraft] = useMutation(PhoneOrderDraftCreateMutation);
  const [, updateDraft] = useMutation(PhoneOrderDraftUpdateMutation);
  const [, completeDraft] = useMutation(PhoneOrderDraftCompleteMutation);
  const [{ fetching: discarding }, cancelOrder] = useMutation(OrderDetailCancelMutation);

  const translate = useRef(t);
  translate.current = t;
  // Someone else changed the draft: keep what is typed and say so (the agent decides what to keep).
  const [watcher] = useState(
    () => new ChangeWatcher<LiveEvent>((event) => setStale({ message: translate.current("phone.changedLive", { actor: event.actor.label }) })),
  );

  const edit = (delay: number) => {
    nextDelay.current = delay;
    setRevision((r) => r + 1);
  };
  const dispatch = useCallback((action: LineAction) => {
    dispatchLines(action);
    nextDelay.current = LINES_SAVE_DELAY_MS;
    setRevision((r) => r + 1);
  }, []);
  const setForm = (next: OrderForm) => {
    setFormState(next);
    // Typing is saved when the focus leaves the field (see onBlur below), not on every key.
    edit(Number.POSITIVE_INFINITY);
  };

  // ---------------------------------------------------------------- continuing a draft (?draft=<id>)

  const [{ data: draftData, fetching: loadingDraft }] = useQuery({
    query: OrderDetailQuery,
    variables: { id: draftParam ?? "" },
    pause: !draftParam || draftParam === draft?.id,
    requestPolicy: "network-only",
  });
  const loadedDraft = draftData?.node?.__typename === "Order" ? draftData.node : null;

  const adopt = useCallback((order: OrderDetailFieldsFragment) => {
    setDraft({ id: order.id, number: order.number, version: order.version, merchantId: order.merchant?.id ?? "", warehouseId: order.warehouse?.id ?? null });
    watcher.reset(order.version);
    setFormState(formFromOrder(order));
    dispatchLines({ type: "reset", lines: editableLines(order.lines) });
    const known: Record<string, ProductStock> = {};
    for (const line of order.lines) if (line.product) known[line.product.id] = line.product;
    setStock((current) => ({ ...current, ...known }));
    const settled = latest.current.revision + 1;
    setRevision(settled);
    setSavedRevision(settled);
    setStale(null);
    setFieldErrors({});
    setGeneral([]);
    setSaveState("saved");
  }, [watcher]);

  useEffect(() => {
    if (loadedDraft && loadedDraft.status === "DRAFT" && loadedDraft.id !== draftRef.current?.id) adopt(loadedDraft);
  }, [loadedDraft, adopt]);

  // "New phone order" clicked while a draft is open: a fresh form (the draft stays, to be continued later).
  useEffect(() => {
    if (!draftParam && draftRef.current) startOver();
    // Only when the address changes, not when the draft does.
  }, [draftParam]);

  // ---------------------------------------------------------------- saving

  const save = useCallback(async (): Promise<boolean> => {
    if (inFlight.current) {
      saveAgain.current = true;
      return inFlight.current;
    }
    const run = (async (): Promise<boolean> => {
      const { form: current, lines: currentLines, revision: startedAt, merchantId: merchant } = latest.current;
      const { changes, problems } = allChanges(current, currentLines, CURRENCY);
      if (Object.keys(problems).length) {
        setFieldErrors(localErrors(problems, currentLines, (problem) => t(`phone.problem.${problem}` as "phone.problem.price")));
        setSaveState("failed");
        return false;
      }
      if (!merchant) {
        setFieldErrors({ merchantId: t("phone.chooseMerchantFirst") });
        return false;
      }
      setSaveState("saving");
      const existing = draftRef.current;
      const result = await watcher.around(
        async () => {
          if (!existing) {
            const created = await createDraft({
              input: {
                merchantId: operator ? merchant : null,
                warehouseId: latest.current.warehouseId,
                currency: CURRENCY,
                lines: changes.lines,
                customer: changes.customer,
                shippingAddress: changes.shippingAddress,
                billingAddress: changes.billingAddress,
                shippingMethod: changes.shippingMethod,
                shippingPrice: changes.shippingPrice,
                paymentMethod: changes.paymentMethod,
                customerNote: changes.customerNote,
              },
            });
            return { payload: created.data?.draftOrderCreate, error: created.error };
          }
          const updated = await updateDraft({ input: { orderId: existing.id, expectedVersion: existing.version, changes } });
          return { payload: updated.data?.draftOrderUpdate, error: updated.error };
        },
        (answer) => answer.payload?.order?.version,
      );
      const { payload, error } = result;
      if (!payload) {
        setGeneral([t("app.error", { message: error?.message ?? "" })]);
        setSaveState("failed");
        return false;
      }
      const placed = placeErrors(payload.errors, currentLines, errorText);
      if (placed.conflict) setStale({ message: placed.conflict });
      if (payload.errors.length || !payload.order) {
        setFieldErrors(placed.fields);
        setGeneral(placed.general);
        setSaveState("failed");
        return false;
      }
      const order = payload.order;
      setDraft({ id: order.id, number: order.number, version: order.version, merchantId: order.merchant?.id ?? merchant, warehouseId: order.warehouse?.id ?? null });
      setSavedRevision(startedAt);
      setFieldErrors({});
      setGeneral([]);
      setSaveState("saved");
      if (!existing) setParams({ draft: order.id }, { replace: true });
      return true;
    })();
    inFlight.current = run;
    let ok = await run;
    inFlight.current = null;
    if (saveAgain.current) {
      saveAgain.current = false;
      ok = await save();
    }
    return ok;
  }, [createDraft, updateDraft, errorText, operator, setParams, t, watcher]);

  // Save what changed: lines after a short pause, typed fields when the focus leaves them (flushTick). A save
  // that failed is not repeated on its own: the next edit, or Ctrl+S, tries again.
  const saveRef = useRef(save);
  saveRef.current = save;
  const lastAttempt = useRef({ revision: -1, tick: -1 });
  useEffect(() => {
    if (revision === savedRevision || stale || placing) return;
    if (!draftRef.current && latest.current.lines.length === 0) return; // the draft starts with the first product
    if (lastAttempt.current.revision === revision && lastAttempt.current.tick === flushTick) return;
    const delay = nextDelay.current;
    if (!Number.isFinite(delay)) return;
    const timer = setTimeout(() => {
      lastAttempt.current = { revision, tick: flushTick };
      void saveRef.current();
    }, delay);
    return () => clearTimeout(timer);
  }, [revision, savedRevision, flushTick, stale, placing]);

  const flush = () => {
    nextDelay.current = 0;
    setFlushTick((n) => n + 1);
  };

  // ---------------------------------------------------------------- placing

  async function place() {
    if (placing) return;
    if (lines.length === 0) {
      setFieldErrors({ lines: t("phone.addProductFirst") });
      searchRef.current?.focus();
      return;
    }
    setPlacing(true);
    try {
      if (inFlight.current) await inFlight.current;
      if (latest.current.revision !== savedRef.current || !draftRef.current) {
        if (!(await save())) return;
      }
      const current = draftRef.current;
      if (!current) return;
      const result = await watcher.around(
        () => completeDraft({ input: { orderId: current.id, expectedVersion: current.version } }),
        (answer) => answer.data?.draftOrderComplete.order?.version,
      );
      const payload = result.data?.draftOrderComplete;
      if (!payload) {
        setGeneral([t("app.error", { message: result.error?.message ?? "" })]);
        return;
      }
      const placed = placeErrors(payload.errors, latest.current.lines, errorText);
      if (placed.conflict) setStale({ message: placed.conflict });
      if (payload.errors.length || !payload.order) {
        setFieldErrors(placed.fields);
        setGeneral(placed.general);
        return;
      }
      navigate(`/orders/${encodeURIComponent(payload.order.id)}`, { state: { placed: payload.order.number } });
    } finally {
      setPlacing(false);
    }
  }

  async function discard() {
    const current = draftRef.current;
    if (current) {
      const result = await cancelOrder({ input: { orderId: current.id, reason: t("phone.discardReason") } });
      const errors = result.data?.orderCancel.errors ?? [];
      if (!result.data || errors.length) {
        setGeneral(errors.length ? errors.map(errorText) : [t("app.error", { message: result.error?.message ?? "" })]);
        setConfirmDiscard(false);
        return;
      }
    }
    startOver();
  }

  function startOver() {
    setDraft(null);
    watcher.reset();
    setFormState(emptyForm());
    dispatchLines({ type: "reset", lines: [] });
    setRevision(0);
    setSavedRevision(0);
    setFieldErrors({});
    setGeneral([]);
    setStale(null);
    setSaveState("idle");
    setConfirmDiscard(false);
    setParams({}, { replace: true });
    searchRef.current?.focus();
  }

  // ---------------------------------------------------------------- live: stock of the lines, changes to the draft

  const stockTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshStock = useCallback(() => {
    if (stockTimer.current) clearTimeout(stockTimer.current);
    stockTimer.current = setTimeout(async () => {
      stockTimer.current = null;
      const ids = latest.current.lines.map((line) => line.productId);
      if (!ids.length) return;
      const result = await client.query(PhoneOrderStockQuery, { ids }, { requestPolicy: "network-only" }).toPromise();
      const fresh: Record<string, ProductStock> = {};
      for (const node of result.data?.nodes ?? []) if (node?.__typename === "Product") fresh[node.id] = node;
      setStock((current) => ({ ...current, ...fresh }));
    }, 100);
  }, [client]);
  useEffect(() => () => {
    if (stockTimer.current) clearTimeout(stockTimer.current);
  }, []);

  useLiveEvents({
    topics: ["STOCK", "ORDER"],
    merchantId,
    enabled: lines.length > 0 || !!draft,
    onEvent: (event) => {
      if (event.topic === "STOCK") {
        const sku = (event.payload as { sku?: unknown }).sku;
        if (latest.current.lines.some((line) => line.sku === sku)) refreshStock();
      } else if (event.entityId === draftRef.current?.id) {
        if (event.type === "order.placed" || event.type === "order.cancelled") {
          setStale({ message: t("phone.draftGone", { actor: event.actor.label }) });
        } else watcher.event(event);
      }
    },
    onResumed: refreshStock,
  });

  const learnStock = useCallback((products: SearchProduct[]) => {
    setStock((current) => {
      const next = { ...current };
      for (const product of products) next[product.id] = product;
      return next;
    });
  }, []);

  // ---------------------------------------------------------------- keyboard

  // The keyboard starts where the work starts: the merchant for an operator who has not chosen one, else the
  // product search. (Not on every merchant change: choosing by typing "M1" passes through other merchants.)
  const startFocused = useRef(false);
  useEffect(() => {
    if (startFocused.current) return;
    if (operator && !merchantId && merchantRef.current) {
      merchantRef.current.querySelector("select")?.focus();
      startFocused.current = true;
    } else if (merchantId && searchRef.current) {
      searchRef.current.focus();
      startFocused.current = true;
    }
  });

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "F2") {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void place();
    } else if (event.key.toLowerCase() === "s" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      flush();
    }
  }

  const focusCustomer = () => customerRef.current?.querySelector("input")?.focus();

  // ---------------------------------------------------------------- render

  const merchant = merchantById(merchantId);
  const totals = runningTotals(lines, form.shippingPrice, CURRENCY);
  const dirty = revision !== savedRevision;
  const title = draft ? t("phone.titleDraft", { number: draft.number }) : t("phone.title");

  if (draftParam && draftParam !== (draft?.id ?? draftRef.current?.id)) {
    if (loadingDraft || (!draftData && !loadedDraft)) return <p className="empty">{t("app.loading")}</p>;
    if (!loadedDraft) {
      return (
        <section>
          <PageHeader title={t("phone.title")} />
          <Alert kind="error">{t("phone.draftNotFound")}</Alert>
          <Link to="/orders/new">{t("phone.startNew")}</Link>
        </section>
      );
    }
    if (loadedDraft.status !== "DRAFT") {
      return (
        <section>
          <PageHeader title={t("phone.title")} />
          <Alert kind="info">{t("phone.notADraft", { number: loadedDraft.number })}</Alert>
          <p>
            <Link to={`/orders/${encodeURIComponent(loadedDraft.id)}`}>{t("phone.openOrder", { number: loadedDraft.number })}</Link>
          </p>
        </section>
      );
    }
  }

  const statusText =
    saveState === "saving"
      ? t("form.saving")
      : dirty && draft
        ? t("phone.unsaved")
        : draft
          ? t("phone.savedDraft", { number: draft.number })
          : t("phone.notStarted");

  return (
    <section className="phone-order" onKeyDown={onKeyDown} aria-keyshortcuts="Control+Enter F2">
      <PageHeader title={title} subtitle={merchant ? `${merchant.code} · ${merchant.name}` : t("phone.subtitle")}>
        {draft && <OrderStatusPill status="DRAFT" />}
        <span className={`save-state save-state--${saveState}`} role="status" aria-live="polite" data-testid="save-state">
          {statusText}
        </span>
      </PageHeader>
      <p className="keyboard-help">{t("phone.keyboardHelp")}</p>

      {stale && (
        <div className="alert alert--warn conflict" role="alert">
          <p>
            <strong>{t("phone.staleTitle")}</strong> {stale.message}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              onClick={async () => {
                const result = await client.query(OrderDetailQuery, { id: draftRef.current?.id ?? "" }, { requestPolicy: "network-only" }).toPromise();
                const order = result.data?.node?.__typename === "Order" ? result.data.node : null;
                if (order && order.status === "DRAFT") adopt(order);
                else if (order) navigate(`/orders/${encodeURIComponent(order.id)}`);
              }}
            >
              {t("phone.loadLatest")}
            </button>
            <button
              type="button"
              className="button"
              onClick={async () => {
                // Keep what is typed and save it over the newer version, now knowingly.
                const result = await client.query(OrderDetailQuery, { id: draftRef.current?.id ?? "" }, { requestPolicy: "network-only" }).toPromise();
                const order = result.data?.node?.__typename === "Order" ? result.data.node : null;
                if (order && order.status === "DRAFT" && draftRef.current) {
                  setDraft({ ...draftRef.current, version: order.version });
                  watcher.see(order.version);
                  setStale(null);
                  flush();
                }
              }}
            >
              {t("phone.keepMine")}
            </button>
          </div>
        </div>
      )}
      {general.map((message) => (
        <Alert key={message} kind="error">
          {message}
        </Alert>
      ))}

      {operator && !draft && (
        <div className="card merchant-first" ref={merchantRef}>
          <MerchantSelect
            value={chosenMerchant}
            onChange={(id) => {
              setChosenMerchant(id);
              if (lines.length) dispatch({ type: "reset", lines: [] });
            }}
            error={fieldErrors.merchantId}
            label={t("phone.merchant")}
          />
          {!chosenMerchant && <p className="field-hint">{t("phone.chooseMerchantFirst")}</p>}
        </div>
      )}

      {merchantId && shipFrom.length > 1 && (
        <div className="card merchant-first">
          <div className="field">
            <label htmlFor="phone-warehouse">{t("orderDetail.shipsFrom")}</label>
            <select
              id="phone-warehouse"
              value={warehouseId ?? ""}
              disabled={!!draft}
              onChange={(e) => setChosenWarehouse(e.target.value)}
            >
              {shipFrom.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.code} · {w.name}
                  {w.isActive ? "" : ` (${t("phone.warehouseInactive")})`}
                </option>
              ))}
            </select>
            {!draft && <p className="field-hint">{t("phone.warehouseHint")}</p>}
          </div>
        </div>
      )}

      {merchantId && (
        <div
          className="phone-grid"
          onBlur={() => {
            // Typed fields are saved when the focus leaves them (not while an e-mail address is half typed).
            if (latest.current.revision !== savedRef.current && !Number.isFinite(nextDelay.current)) flush();
          }}
        >
          <div className="card phone-lines">
            <h2>{t("phone.products")}</h2>
            <ProductSearch
              merchantId={merchantId}
              warehouseId={warehouseId}
              inputRef={searchRef}
              onHits={learnStock}
              onPick={(product, quantity) => {
                learnStock([product]);
                dispatch({ type: "add", product, quantity });
                setFocus({ productId: product.id, seq: Date.now() });
              }}
              onDone={focusCustomer}
            />
            {fieldErrors.lines && <p className="field-error">{fieldErrors.lines}</p>}
            <LinesEditor
              lines={lines}
              dispatch={dispatch}
              currency={CURRENCY}
              available={available}
              errors={fieldErrors}
              focus={focus}
              onReturn={() => searchRef.current?.focus()}
            />
            <TotalsList totals={totals} currency={CURRENCY} label={t("totals.label")} />
          </div>
          <div className="card phone-details">
            <OrderFields form={form} onChange={setForm} errors={fieldErrors} customerRef={customerRef} />
            <div className="form-actions">
              <button type="button" className="button button--primary" onClick={() => void place()} disabled={placing} aria-keyshortcuts="Control+Enter">
                {placing ? t("phone.placing") : t("phone.place")}
              </button>
              <button type="button" className="button" onClick={flush} disabled={!dirty || saveState === "saving"} aria-keyshortcuts="Control+S">
                {t("phone.saveDraft")}
              </button>
              {draft &&
                (confirmDiscard ? (
                  <span className="confirm">
                    <span className="confirm-text">{t("phone.discardConfirm")}</span>
                    <button type="button" className="button button--danger button--small" onClick={() => void discard()} disabled={discarding}>
                      {t("phone.discard")}
                    </button>
                    <button type="button" className="button button--ghost button--small" onClick={() => setConfirmDiscard(false)}>
                      {t("form.cancel")}
                    </button>
                  </span>
                ) : (
                  <button type="button" className="button button--danger-ghost" onClick={() => setConfirmDiscard(true)}>
                    {t("phone.discard")}
                  </button>
                ))}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
