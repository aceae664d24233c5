// Taking an order on the phone: the draft as the form knows it, what a save sends, when the form saves on its own
// and what the save state says. Pure, unit tested; usePhoneDraft holds it in React.
import type { MessageKey } from "../../i18n/en";
import type { OrderChanges } from "../form";

export const CURRENCY = "EUR";
/** Lines changed: saved after this pause (a burst of arrow keys is one save). */
export const LINES_SAVE_DELAY_MS = 500;
/** Typed fields: saved when the focus leaves them, not after a pause. */
export const ON_BLUR = Number.POSITIVE_INFINITY;

export interface Draft {
  id: string;
  number: string;
  version: number;
  merchantId: string;
  /** Where it ships from (and reserves stock): fixed once the draft exists. */
  warehouseId: string | null;
}

export type SaveState = "idle" | "saving" | "saved" | "failed";

/** The draft an order (as the API answers it) is; `merchantId` where the answer names no merchant. */
export function draftOf(
  order: { id: string; number: string; version: number; merchant?: { id: string } | null; warehouse?: { id: string } | null },
  merchantId = "",
): Draft {
  return { id: order.id, number: order.number, version: order.version, merchantId: order.merchant?.id ?? merchantId, warehouseId: order.warehouse?.id ?? null };
}

/**
 * The first save creates the draft with everything typed so far, in the merchant (operators name it) and warehouse
 * chosen; later ones update it, naming the version the form knows.
 */
export function saveRequest(
  existing: Draft | null,
  changes: OrderChanges,
  where: { operator: boolean; merchantId: string; warehouseId: string | null },
) {
  if (!existing) {
    return {
      kind: "create" as const,
      input: {
        merchantId: where.operator ? where.merchantId : null,
        warehouseId: where.warehouseId,
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
    };
  }
  return { kind: "update" as const, input: { orderId: existing.id, expectedVersion: existing.version, changes } };
}

export interface AutosaveState {
  /** Counts the edits; `savedRevision` is the last one saved. */
  revision: number;
  savedRevision: number;
  /** Counts the requests to save now (Ctrl+S, the focus leaving a typed field). */
  flushTick: number;
  /** The pause the last edit asked for: LINES_SAVE_DELAY_MS, 0 (now) or ON_BLUR. */
  delay: number;
  /** A conflict is shown, or the order is being placed: nothing saves on its own. */
  held: boolean;
  /** The draft exists, or has lines to start it with (it is created with the first product). */
  started: boolean;
  /** The revision and flush the last save on its own was tried for. */
  lastAttempt: { revision: number; tick: number };
}

/**
 * When the form saves on its own: the pause to wait, or null for not now. A save that failed is not repeated on
 * its own: the next edit, or Ctrl+S, tries again.
 */
export function autosaveDelay(state: AutosaveState): number | null {
  if (state.revision === state.savedRevision || state.held || !state.started) return null;
  if (state.lastAttempt.revision === state.revision && state.lastAttempt.tick === state.flushTick) return null;
  return Number.isFinite(state.delay) ? state.delay : null;
}

/** What the save state says next to the title. */
export function saveStatus(saveState: SaveState, dirty: boolean, draft: Draft | null): { key: MessageKey; params?: { number: string } } {
  if (saveState === "saving") return { key: "form.saving" };
  if (dirty && draft) return { key: "phone.unsaved" };
  if (draft) return { key: "phone.savedDraft", params: { number: draft.number } };
  return { key: "phone.notStarted" };
}

/**
 * One save at a time. A save asked for while one is under way waits for it and gets its answer, and one more save
 * follows (with what is typed by then), whose answer the first caller gets.
 */
export class SerialSaves {
  private running: Promise<boolean> | null = null;
  private again = false;

  constructor(private readonly run: () => Promise<boolean>) {}

  /** The save under way, if any. */
  get current(): Promise<boolean> | null {
    return this.running;
  }

  async save(): Promise<boolean> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run();
    let ok = await this.running;
    this.running = null;
    if (this.again) {
      this.again = false;
      ok = await this.save();
    }
    return ok;
  }
}
