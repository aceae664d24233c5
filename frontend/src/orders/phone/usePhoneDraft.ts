import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useClient, useMutation, useQuery } from "urql";
import { useSignedIn } from "../../auth/AuthProvider";
import { isOperator } from "../../auth/permissions";
import { useUserErrorText } from "../../components/ui";
import type { OrderDetailFieldsFragment } from "../../gql/graphql";
import { actorName } from "../../activity/format";
import { useI18n } from "../../i18n";
import { useMerchantScope } from "../../shell/MerchantScope";
import { shipFromChoices } from "../availability";
import { localErrors, placeErrors } from "../errors";
import { allChanges, editableLines, emptyForm, formFromOrder, type OrderForm } from "../form";
import { linesReducer, runningTotals, type EditableLine, type LineAction } from "../lines";
import {
  OrderDetailCancelMutation,
  OrderDetailQuery,
  PhoneOrderDraftCompleteMutation,
  PhoneOrderDraftCreateMutation,
  PhoneOrderDraftUpdateMutation,
  PhoneOrderWarehousesQuery,
} from "../operations";
import { useChangeWatcher } from "../useChangeWatcher";
import { useLineStock } from "./useLineStock";
import { useLiveEvents, type LiveEvent } from "../useLiveEvents";
import { autosaveDelay, CURRENCY, draftOf, LINES_SAVE_DELAY_MS, ON_BLUR, saveRequest, saveStatus, SerialSaves, type Draft, type SaveState } from "./phoneDraft";

/**
 * A phone order's draft: created with the first product and saved as the agent goes (lines after a short pause,
 * typed fields when the focus leaves them, Ctrl+S at once), continued from `?draft=<id>`, placed, or discarded.
 * Availability per line is the stock of the order's warehouse and follows STOCK events; someone else's change to
 * the draft is said (`stale`) and never overwrites what is typed. `focusSearch` puts the keyboard on the product
 * search (a fresh form, placing without lines).
 */
export function usePhoneDraft({ focusSearch }: { focusSearch: () => void }) {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const client = useClient();
  const navigate = useNavigate();
  const errorText = useUserErrorText();
  const operator = isOperator(user.role);
  const { merchantFilter } = useMerchantScope();
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
  const [{ data: warehouseData }] = useQuery({ query: PhoneOrderWarehousesQuery });
  const activeWarehouses = useMemo(() => shipFromChoices(warehouseData?.warehouses ?? [], null), [warehouseData]);
  const [chosenWarehouse, setChosenWarehouse] = useState("");
  // As the API decides for a new order without one: the first active warehouse by code (the list's order).
  const warehouseId = draft ? draft.warehouseId : chosenWarehouse || activeWarehouses[0]?.id || null;
  const shipFrom = useMemo(() => shipFromChoices(warehouseData?.warehouses ?? [], draft?.warehouseId ?? null), [warehouseData, draft?.warehouseId]);
  const stock = useLineStock(lines, warehouseId);
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
  /** The server's "changed by … meanwhile", or who changed the draft live. */
  const [stale, setStale] = useState<string | null>(null);
  const [placing, setPlacing] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const latest = useRef({ form, lines, revision, merchantId, warehouseId });
  latest.current = { form, lines, revision, merchantId, warehouseId };

  const [, createDraft] = useMutation(PhoneOrderDraftCreateMutation);
  const [, updateDraft] = useMutation(PhoneOrderDraftUpdateMutation);
  const [, completeDraft] = useMutation(PhoneOrderDraftCompleteMutation);
  const [{ fetching: discarding }, cancelOrder] = useMutation(OrderDetailCancelMutation);

  // Someone else changed the draft: keep what is typed and say so (the agent decides what to keep).
  const watcher = useChangeWatcher<LiveEvent>((event) => setStale(t("phone.changedLive", { actor: actorName(event.actor, t) })));

  const dispatch = useCallback((action: LineAction) => {
    dispatchLines(action);
    nextDelay.current = LINES_SAVE_DELAY_MS;
    setRevision((r) => r + 1);
  }, []);
  const setForm = (next: OrderForm) => {
    setFormState(next);
    // Typing is saved when the focus leaves the field (see leaveField), not on every key.
    nextDelay.current = ON_BLUR;
    setRevision((r) => r + 1);
  };

  // ---------------------------------------------------------------- continuing a draft (?draft=<id>)

  const [{ data: draftData, fetching: loadingDraft }] = useQuery({
    query: OrderDetailQuery,
    variables: { id: draftParam ?? "" },
    pause: !draftParam || draftParam === draft?.id,
    requestPolicy: "network-only",
  });
  const loadedDraft = draftData?.node?.__typename === "Order" ? draftData.node : null;

  const adopt = useCallback(
    (order: OrderDetailFieldsFragment) => {
      setDraft(draftOf(order));
      watcher.reset(order.version);
      setFormState(formFromOrder(order));
      dispatchLines({ type: "reset", lines: editableLines(order.lines) });
      stock.learn(order.lines.flatMap((line) => (line.product ? [line.product] : [])));
      const settled = latest.current.revision + 1;
      setRevision(settled);
      setSavedRevision(settled);
      setStale(null);
      setFieldErrors({});
      setGeneral([]);
      setSaveState("saved");
    },
    [watcher, stock.learn],
  );

  useEffect(() => {
    if (loadedDraft && loadedDraft.status === "DRAFT" && loadedDraft.id !== draftRef.current?.id) adopt(loadedDraft);
  }, [loadedDraft, adopt]);

  // "New phone order" clicked while a draft is open: a fresh form (the draft stays, to be continued later).
  useEffect(() => {
    if (!draftParam && draftRef.current) startOver();
    // Only when the address changes, not when the draft does.
  }, [draftParam]);

  // ---------------------------------------------------------------- saving

  async function saveOnce(): Promise<boolean> {
    const { form: current, lines: currentLines, revision: startedAt, merchantId: merchant, warehouseId: warehouse } = latest.current;
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
    const request = saveRequest(existing, changes, { operator, merchantId: merchant, warehouseId: warehouse });
    const { payload, error } = await watcher.around(
      async () => {
        if (request.kind === "create") {
          const created = await createDraft({ input: request.input });
          return { payload: created.data?.draftOrderCreate, error: created.error };
        }
        const updated = await updateDraft({ input: request.input });
        return { payload: updated.data?.draftOrderUpdate, error: updated.error };
      },
      (answer) => answer.payload?.order?.version,
    );
    if (!payload) {
      setGeneral([t("app.error", { message: error?.message ?? "" })]);
      setSaveState("failed");
      return false;
    }
    const placed = placeErrors(payload.errors, currentLines, errorText);
    if (placed.conflict) setStale(placed.conflict);
    if (payload.errors.length || !payload.order) {
      setFieldErrors(placed.fields);
      setGeneral(placed.general);
      setSaveState("failed");
      return false;
    }
    setDraft(draftOf(payload.order, merchant));
    setSavedRevision(startedAt);
    setFieldErrors({});
    setGeneral([]);
    setSaveState("saved");
    if (!existing) setParams({ draft: payload.order.id }, { replace: true });
    return true;
  }
  const saveOnceRef = useRef(saveOnce);
  saveOnceRef.current = saveOnce;
  const [saves] = useState(() => new SerialSaves(() => saveOnceRef.current()));

  // Save what changed: lines after a short pause, typed fields when the focus leaves them (flushTick).
  const lastAttempt = useRef({ revision: -1, tick: -1 });
  useEffect(() => {
    const delay = autosaveDelay({
      revision,
      savedRevision,
      flushTick,
      delay: nextDelay.current,
      held: !!stale || placing,
      started: !!draftRef.current || latest.current.lines.length > 0,
      lastAttempt: lastAttempt.current,
    });
    if (delay === null) return;
    const timer = setTimeout(() => {
      lastAttempt.current = { revision, tick: flushTick };
      void saves.save();
    }, delay);
    return () => clearTimeout(timer);
  }, [revision, savedRevision, flushTick, stale, placing, saves]);

  /** Save now (Ctrl+S, Save draft, the focus leaving a typed field). */
  const flush = () => {
    nextDelay.current = 0;
    setFlushTick((n) => n + 1);
  };

  // ---------------------------------------------------------------- placing, discarding, starting over

  async function place() {
    if (placing) return;
    if (lines.length === 0) {
      setFieldErrors({ lines: t("phone.addProductFirst") });
      focusSearch();
      return;
    }
    setPlacing(true);
    try {
      if (saves.current) await saves.current;
      if (latest.current.revision !== savedRef.current || !draftRef.current) {
        if (!(await saves.save())) return;
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
      if (placed.conflict) setStale(placed.conflict);
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

  /** Cancels the draft (where it exists) and starts a fresh form. */
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
    focusSearch();
  }

  // ---------------------------------------------------------------- someone else changed the draft

  async function latestDraft() {
    const result = await client.query(OrderDetailQuery, { id: draftRef.current?.id ?? "" }, { requestPolicy: "network-only" }).toPromise();
    return result.data?.node?.__typename === "Order" ? result.data.node : null;
  }

  /** Take the draft as it is now (or open the order it has become). */
  async function loadLatest() {
    const order = await latestDraft();
    if (order && order.status === "DRAFT") adopt(order);
    else if (order) navigate(`/orders/${encodeURIComponent(order.id)}`);
  }

  /** Keep what is typed and save it over the newer version, now knowingly. */
  async function keepMine() {
    const order = await latestDraft();
    if (order && order.status === "DRAFT" && draftRef.current) {
      setDraft({ ...draftRef.current, version: order.version });
      watcher.see(order.version);
      setStale(null);
      flush();
    }
  }

  // ---------------------------------------------------------------- live: stock of the lines, changes to the draft

  useLiveEvents({
    topics: ["STOCK", "ORDER"],
    merchantId,
    enabled: lines.length > 0 || !!draft,
    onEvent: (event) => {
      if (event.topic === "STOCK") {
        const sku = (event.payload as { sku?: unknown }).sku;
        if (latest.current.lines.some((line) => line.sku === sku)) stock.refresh();
      } else if (event.entityId === draftRef.current?.id) {
        if (event.type === "order.placed" || event.type === "order.cancelled") {
          setStale(t("phone.draftGone", { actor: actorName(event.actor, t) }));
        } else watcher.event(event);
      }
    },
    onResumed: stock.refresh,
  });

  const dirty = revision !== savedRevision;
  const status = saveStatus(saveState, dirty, draft);

  return {
    operator,
    /** `?draft=` names a draft the form does not hold yet: loading it, or why it cannot be continued. */
    continuing: draftParam && draftParam !== (draft?.id ?? draftRef.current?.id) ? { loading: loadingDraft || (!draftData && !loadedDraft), order: loadedDraft } : null,
    draft,
    merchantId,
    chosenMerchant,
    /** An operator's merchant (before the draft exists): the lines typed so far belong to the other one. */
    chooseMerchant: (id: string) => {
      setChosenMerchant(id);
      if (lines.length) dispatch({ type: "reset", lines: [] });
    },
    warehouseId,
    shipFrom,
    chooseWarehouse: setChosenWarehouse,
    form,
    setForm,
    lines,
    dispatch,
    available: stock.available,
    learnStock: stock.learn,
    totals: runningTotals(lines, form.shippingPrice, CURRENCY),
    fieldErrors,
    general,
    stale,
    loadLatest,
    keepMine,
    saveState,
    dirty,
    statusText: t(status.key, status.params),
    flush,
    /** The focus left a field: typed fields are saved now (not while an e-mail address is half typed). */
    leaveField: () => {
      if (latest.current.revision !== savedRef.current && !Number.isFinite(nextDelay.current)) flush();
    },
    placing,
    place,
    /** Discard asks first. */
    confirmDiscard,
    setConfirmDiscard,
    discarding,
    discard,
  };
}

export type PhoneDraft = ReturnType<typeof usePhoneDraft>;
