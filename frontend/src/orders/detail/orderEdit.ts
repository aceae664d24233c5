// Editing an order in place (the order page): what the person has changed, measured against the version the edit
// started from, and what a save sends and makes of the answer. Pure, unit tested; useOrderEdit holds it in React.
import type { OrderDetailFieldsFragment } from "../../gql/graphql";
import { availableIn } from "../availability";
import type { PlacedErrors } from "../errors";
import { changedFields, editableLines, formFromOrder, hasChanges, type FormProblems, type OrderChanges, type OrderForm } from "../form";
import { linesReducer, type EditableLine, type LineAction } from "../lines";
import type { ProductStock } from "../availability";

type Order = OrderDetailFieldsFragment;

/** An edit under way. */
export interface OrderEdit {
  /** The version the edit started from (or was re-based on): sent as expectedVersion. */
  baseVersion: number;
  /** The order as it was at that version: a save sends only what differs from it. */
  base: { form: OrderForm; lines: EditableLine[] };
  form: OrderForm;
  lines: EditableLine[];
  /** By field, as the form shows them. */
  errors: Record<string, string>;
  general: string[];
  /** The server's "changed by … meanwhile" of a refused save. */
  conflict: string | null;
  /** A change by someone else that arrived live while editing. */
  newer: { actor: string; version: number } | null;
}

export type OrderEditAction =
  /** Start editing (or start over from the latest version): the input is what `order` holds. */
  | { type: "start"; order: Order }
  | { type: "stop" }
  | { type: "form"; form: OrderForm }
  | { type: "lines"; action: LineAction }
  /** What was wrong: what is not given stays as it was. */
  | { type: "problems"; errors?: Record<string, string>; general: string[]; conflict?: string | null }
  | { type: "newer"; actor: string; version: number }
  /** Keep the input, now as a change of `order` (the latest version): saved with the next Save. */
  | { type: "keepMine"; order: Order };

function baseOf(order: Order): OrderEdit["base"] {
  return { form: formFromOrder(order), lines: editableLines(order.lines) };
}

export function orderEditReducer(edit: OrderEdit | null, action: OrderEditAction): OrderEdit | null {
  if (action.type === "start") {
    const base = baseOf(action.order);
    return { baseVersion: action.order.version, base, form: base.form, lines: base.lines, errors: {}, general: [], conflict: null, newer: null };
  }
  if (!edit || action.type === "stop") return null;
  switch (action.type) {
    case "form":
      return { ...edit, form: action.form };
    case "lines":
      return { ...edit, lines: linesReducer(edit.lines, action.action) };
    case "problems":
      return {
        ...edit,
        errors: action.errors ?? edit.errors,
        general: action.general,
        conflict: action.conflict === undefined ? edit.conflict : action.conflict,
      };
    case "newer":
      return { ...edit, newer: { actor: action.actor, version: action.version } };
    case "keepMine":
      return { ...edit, baseVersion: action.order.version, base: baseOf(action.order), conflict: null, newer: null };
  }
}

export type SavePlan =
  /** Something typed cannot be sent (keys like the API's error fields). */
  | { kind: "invalid"; problems: FormProblems }
  /** Nothing differs from the version the edit started from. */
  | { kind: "unchanged" }
  /** `sentLines`: the lines in the order they are sent (to place errors of `lines.N.…`), none if lines are unchanged. */
  | { kind: "send"; expectedVersion: number; changes: OrderChanges; sentLines: EditableLine[] };

/** What Save does with the edit: only the fields that changed, with the version the edit is based on. */
export function planSave(edit: OrderEdit, currency: string): SavePlan {
  const { changes, problems } = changedFields(edit.form, edit.lines, edit.base, currency);
  if (Object.keys(problems).length) return { kind: "invalid", problems };
  if (!hasChanges(changes)) return { kind: "unchanged" };
  return { kind: "send", expectedVersion: edit.baseVersion, changes, sentLines: changes.lines ? edit.lines : [] };
}

/** A refused save: the errors where the form shows them, and the conflict (then the page re-reads the order). */
export function refused(placed: PlacedErrors): Extract<OrderEditAction, { type: "problems" }> {
  return { type: "problems", errors: placed.fields, general: placed.general, conflict: placed.conflict };
}

/**
 * What the lines editor shows per product: the stock available in the order's warehouse (of the order's own
 * products and of those the search showed) and what the order has reserved.
 */
export function lineFigures(order: Order, searched: Readonly<Record<string, ProductStock>>): { available: Record<string, number>; reserved: Record<string, number> } {
  const warehouseId = order.warehouse?.id ?? null;
  const available: Record<string, number> = Object.fromEntries(Object.entries(searched).map(([id, product]) => [id, availableIn(product, warehouseId)]));
  const reserved: Record<string, number> = {};
  for (const line of order.lines) {
    if (line.product) {
      available[line.product.id] = availableIn(line.product, warehouseId);
      reserved[line.product.id] = line.reserved;
    }
  }
  return { available, reserved };
}
