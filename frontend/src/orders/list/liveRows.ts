// Keeping order rows live: an ORDER event patches the row it is about at once (status, payment, hold reason —
// what the event carries), and the list is re-queried soon after for everything else (rows that now match the
// filter or no longer do, new orders). Re-queries are throttled, not debounced: under a steady stream of orders
// a debounce would never fire, a throttle refreshes at a steady pace.
import { useEffect, useRef } from "react";
import type { OrderStatus, PaymentMethod, PaymentStatus } from "../../gql/graphql";
import type { FeedEvent } from "../../activity/store";
import { ORDER_STATUSES, PAYMENT_METHODS, PAYMENT_STATUSES } from "./listFilters";

export interface OrderPatch {
  version: number;
  status?: OrderStatus;
  paymentStatus?: PaymentStatus;
  paymentMethod?: PaymentMethod;
  holdReason?: string;
}

interface PatchableRow {
  id: string;
  version: number;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  paymentMethod: PaymentMethod;
  holdReason: string;
}

const known = <T extends string>(allowed: readonly T[], value: unknown): T | undefined =>
  typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

/** What an ORDER event says about its order's state now; null for other events or a payload without a version. */
export function patchFromEvent(event: FeedEvent): { orderId: string; patch: OrderPatch } | null {
  if (event.topic !== "ORDER" || typeof event.payload.version !== "number") return null;
  const p = event.payload;
  return {
    orderId: event.entityId,
    patch: {
      version: p.version as number,
      status: known(ORDER_STATUSES, p.status),
      paymentStatus: known(PAYMENT_STATUSES, p.paymentStatus),
      paymentMethod: known(PAYMENT_METHODS, p.paymentMethod),
      holdReason: typeof p.holdReason === "string" ? p.holdReason : undefined,
    },
  };
}

/** Keeps the newest patch per order (by version). */
export function mergePatch(patches: ReadonlyMap<string, OrderPatch>, orderId: string, patch: OrderPatch): Map<string, OrderPatch> {
  const next = new Map(patches);
  const current = next.get(orderId);
  if (!current || patch.version >= current.version) next.set(orderId, patch);
  return next;
}

/** Rows with the patches that are newer than (or as new as) what the last query returned. */
export function applyPatches<T extends PatchableRow>(rows: readonly T[], patches: ReadonlyMap<string, OrderPatch>): T[] {
  return rows.map((row) => {
    const patch = patches.get(row.id);
    if (!patch || patch.version < row.version) return row;
    return {
      ...row,
      version: patch.version,
      status: patch.status ?? row.status,
      paymentStatus: patch.paymentStatus ?? row.paymentStatus,
      paymentMethod: patch.paymentMethod ?? row.paymentMethod,
      holdReason: patch.holdReason ?? row.holdReason,
    };
  });
}

/** Calls `run` at once, then at most once per `intervalMs`; calls that arrive meanwhile fold into one trailing run. */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending = false;

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number,
  ) {}

  call(): void {
    if (this.timer) {
      this.pending = true;
      return;
    }
    this.run();
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.pending) {
        this.pending = false;
        this.call();
      }
    }, this.intervalMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = false;
  }
}

/** A throttled caller of the latest `run` for this component's lifetime. */
export function useThrottled(run: () => void, intervalMs: number): () => void {
  const latest = useRef(run);
  useEffect(() => {
    latest.current = run;
  });
  const throttle = useRef<Throttle | null>(null);
  useEffect(() => {
    const created = new Throttle(() => latest.current(), intervalMs);
    throttle.current = created;
    return () => created.dispose();
  }, [intervalMs]);
  return useRef(() => throttle.current?.call()).current;
}
