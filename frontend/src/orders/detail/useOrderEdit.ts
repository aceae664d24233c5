import { useCallback, useReducer, useRef, useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { useUserErrorText } from "../../components/ui";
import type { OrderDetailFieldsFragment } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { localErrors, placeErrors } from "../errors";
import type { OrderForm } from "../form";
import type { LineAction } from "../lines";
import type { FocusRequest } from "../LinesEditor";
import { OrderDetailUpdateMutation } from "../operations";
import type { SearchProduct } from "../ProductSearch";
import type { Track } from "../useChangeWatcher";
import { lineFigures, orderEditReducer, planSave, refused } from "./orderEdit";

type Order = OrderDetailFieldsFragment;

export interface Notice {
  kind: "success" | "info";
  text: string;
}

/**
 * Editing an order in place: start, change lines and fields, save only what changed with the version the edit
 * started from, and the two ways out of a conflict (take the latest version, or keep the input on top of it).
 * `notify` sets the page's notice; `track` runs the save as one of the page's own changes.
 */
export function useOrderEdit({ order, track, reload, notify }: { order: Order | null; track: Track; reload: () => void; notify: (notice: Notice | null) => void }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [edit, dispatch] = useReducer(orderEditReducer, null);
  // Read by live events, which arrive between renders.
  const editRef = useRef(edit);
  editRef.current = edit;
  const [{ fetching: saving }, update] = useMutation(OrderDetailUpdateMutation);
  // Products the search showed, whose stock the lines show when added; where the keyboard goes after adding one.
  const [searched, setSearched] = useState<Record<string, SearchProduct>>({});
  const [focus, setFocus] = useState<FocusRequest | null>(null);

  const start = (from: Order) => {
    dispatch({ type: "start", order: from });
    notify(null);
  };
  const stop = () => dispatch({ type: "stop" });

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (!order || !edit) return;
    const plan = planSave(edit, order.currency);
    if (plan.kind === "invalid") {
      dispatch({
        type: "problems",
        errors: localErrors(plan.problems, edit.lines, (problem) => t(`phone.problem.${problem}` as "phone.problem.price")),
        general: [t("form.errors")],
      });
      return;
    }
    if (plan.kind === "unchanged") {
      stop();
      notify({ kind: "info", text: t("orderDetail.nothingChanged") });
      return;
    }
    const result = await track(
      () => update({ input: { orderId: order.id, expectedVersion: plan.expectedVersion, changes: plan.changes } }),
      (answer) => answer.data?.orderUpdate.order?.version,
    );
    const payload = result.data?.orderUpdate;
    if (!payload) {
      dispatch({ type: "problems", general: [t("app.error", { message: result.error?.message ?? "" })] });
      return;
    }
    if (payload.errors.length || !payload.order) {
      const placed = placeErrors(payload.errors, plan.sentLines, errorText);
      dispatch(refused(placed));
      if (placed.conflict) reload();
      return;
    }
    stop();
    notify({ kind: "success", text: t("orderDetail.saved", { number: payload.order.number }) });
  }

  const dispatchLines = useCallback((action: LineAction) => dispatch({ type: "lines", action }), []);

  return {
    /** The edit under way, or null. */
    edit,
    /** Whether an edit is under way now (for live events, which arrive between renders). */
    isEditing: () => editRef.current !== null,
    /** Whether the edit has a line of this SKU (its stock is shown). */
    hasLine: (sku: unknown) => !!editRef.current?.lines.some((line) => line.sku === sku),
    saving,
    start,
    stop,
    save,
    setForm: (form: OrderForm) => dispatch({ type: "form", form }),
    dispatchLines,
    /** Someone else changed the order meanwhile: say so, and leave the input alone. */
    newer: (actor: string, version: number) => dispatch({ type: "newer", actor, version }),
    /** Conflict resolved by taking the latest version: the input is replaced by what is saved now. */
    takeLatest: () => {
      if (order) start(order);
    },
    /** Conflict resolved by keeping the input: it now applies to the latest version (saved with the next Save). */
    keepMine: () => {
      if (order) dispatch({ type: "keepMine", order });
    },
    focus,
    /** The search showed these products. */
    learn: (products: SearchProduct[]) => setSearched((current) => ({ ...current, ...Object.fromEntries(products.map((p) => [p.id, p])) })),
    /** A product picked in the search: a line (or more of it), and the keyboard on its quantity. */
    pick: (product: SearchProduct, quantity: number) => {
      setSearched((current) => ({ ...current, [product.id]: product }));
      dispatchLines({ type: "add", product, quantity });
      setFocus({ productId: product.id, seq: Date.now() });
    },
    figures: (of: Order) => lineFigures(of, searched),
  };
}

export type OrderEditing = ReturnType<typeof useOrderEdit>;
