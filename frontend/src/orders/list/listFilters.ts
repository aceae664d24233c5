// The orders list's view (filters, search, sort and page) and its address: every view is a URL, so a link
// reproduces it. Parsing is forgiving — a hand-edited or outdated link drops what it does not understand instead
// of failing — while the API still refuses anything it cannot answer (shown to the user as an error).
import type { OrderFilter, OrderSortField, OrderStatus, PaymentMethod, PaymentStatus, SortDirection } from "../../gql/graphql";

export const ORDER_STATUSES: readonly OrderStatus[] = [
  "DRAFT",
  "AWAITING_PAYMENT",
  "BACKORDERED",
  "READY",
  "ON_HOLD",
  "PICKING",
  "PACKED",
  "PARTIALLY_SHIPPED",
  "SHIPPED",
  "DELIVERED",
  "CANCELLED",
];

/** The statuses the dashboard's pipeline shows: orders still on their way (the server counts the same ones). */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.slice(0, 8);

/** The "Shipped" filter: orders that left the building, in part or whole, and those delivered. */
export const SHIPPED_STATUSES: readonly OrderStatus[] = ["PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED"];

/** Whether the view's statuses are exactly the shipped ones (the "Shipped" filter is on). */
export function isShippedView(view: Pick<OrderListView, "statuses">): boolean {
  return view.statuses.length === SHIPPED_STATUSES.length && SHIPPED_STATUSES.every((s) => view.statuses.includes(s));
}

export const PAYMENT_STATUSES: readonly PaymentStatus[] = ["PENDING", "AUTHORIZED", "PAID", "PARTIALLY_REFUNDED", "REFUNDED", "FAILED"];
export const PAYMENT_METHODS: readonly PaymentMethod[] = ["CARD", "PAYPAL", "BANK_TRANSFER", "CHEQUE", "INVOICE", "CASH_ON_DELIVERY"];

export interface SortChoice {
  field: OrderSortField;
  direction: SortDirection;
}

/** The sort orders offered, each with a translation key `orders.sort.FIELD.DIRECTION`. The first is the default. */
export const SORTS: readonly SortChoice[] = [
  { field: "CREATED_AT", direction: "DESC" },
  { field: "CREATED_AT", direction: "ASC" },
  { field: "UPDATED_AT", direction: "DESC" },
  { field: "STATUS_CHANGED_AT", direction: "ASC" },
  { field: "TOTAL", direction: "DESC" },
  { field: "TOTAL", direction: "ASC" },
  { field: "NUMBER", direction: "DESC" },
  { field: "NUMBER", direction: "ASC" },
];

export const sortKey = (sort: SortChoice): `${OrderSortField}.${SortDirection}` => `${sort.field}.${sort.direction}`;

/** The API searches at most this many characters. */
export const SEARCH_MAX = 100;

export interface OrderListView {
  /** In ORDER_STATUSES order, without repeats; empty for every status. */
  statuses: OrderStatus[];
  paymentStatus: PaymentStatus | null;
  paymentMethod: PaymentMethod | null;
  /** Created on or after this day (YYYY-MM-DD, the viewer's calendar). */
  from: string | null;
  /**
   * Created at or after this instant (ISO 8601): the dashboard's "today", which starts at the merchant's midnight,
   * not the viewer's. Replaces `from`.
   */
  since: string | null;
  /** Created on or before this day (inclusive, YYYY-MM-DD). */
  to: string | null;
  /** Created in this month (YYYY-MM); replaces from/to. */
  month: string | null;
  tag: string;
  shop: string;
  search: string;
  sort: SortChoice;
  /** Keyset page position: the page after or before a cursor; neither is the first page. */
  after: string | null;
  before: string | null;
}

export const DEFAULT_VIEW: OrderListView = {
  statuses: [],
  paymentStatus: null,
  paymentMethod: null,
  from: null,
  since: null,
  to: null,
  month: null,
  tag: "",
  shop: "",
  search: "",
  sort: SORTS[0]!,
  after: null,
  before: null,
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** A real calendar day as YYYY-MM-DD ("2025-02-30" is not one). */
export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// An instant with its offset, as the API writes them (2026-11-24T00:00:00+01:00, 2026-11-23T23:00:00.000Z).
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function isInstant(value: string): boolean {
  return INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function isMonth(value: string): boolean {
  const match = MONTH.exec(value);
  return !!match && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

export function parseView(params: URLSearchParams): OrderListView {
  // Statuses may come repeated (status=A&status=B) or comma separated (status=A,B).
  const asked = new Set(params.getAll("status").flatMap((s) => s.split(",")).map((s) => s.trim()));
  const month = params.get("month");
  const validMonth = month !== null && isMonth(month) ? month : null;
  const day = (name: string) => {
    const value = params.get(name);
    return !validMonth && value !== null && isDay(value) ? value : null;
  };
  const sort = SORTS.find((s) => sortKey(s) === params.get("sort")) ?? DEFAULT_VIEW.sort;
  const after = params.get("after") || null;
  const since = params.get("since");
  const from = day("from");
  return {
    statuses: ORDER_STATUSES.filter((s) => asked.has(s)),
    paymentStatus: oneOf(PAYMENT_STATUSES, params.get("payment")),
    paymentMethod: oneOf(PAYMENT_METHODS, params.get("method")),
    from,
    since: !validMonth && !from && since !== null && isInstant(since) ? since : null,
    to: day("to"),
    month: validMonth,
    tag: (params.get("tag") ?? "").trim(),
    shop: (params.get("shop") ?? "").trim(),
    search: (params.get("q") ?? "").slice(0, SEARCH_MAX),
    sort,
    after,
    before: after ? null : params.get("before") || null,
  };
}

/** The view as a query string; what equals the default is left out, so the plain list is plain `/orders`. */
export function viewToParams(view: OrderListView): URLSearchParams {
  const params = new URLSearchParams();
  for (const status of view.statuses) params.append("status", status);
  if (view.paymentStatus) params.set("payment", view.paymentStatus);
  if (view.paymentMethod) params.set("method", view.paymentMethod);
  if (view.month) params.set("month", view.month);
  else {
    if (view.from) params.set("from", view.from);
    else if (view.since) params.set("since", view.since);
    if (view.to) params.set("to", view.to);
  }
  if (view.tag.trim()) params.set("tag", view.tag.trim());
  if (view.shop.trim()) params.set("shop", view.shop.trim());
  if (view.search.trim()) params.set("q", view.search.trim());
  if (sortKey(view.sort) !== sortKey(DEFAULT_VIEW.sort)) params.set("sort", sortKey(view.sort));
  if (view.after) params.set("after", view.after);
  else if (view.before) params.set("before", view.before);
  return params;
}

/** Any filter or search narrowing the list (sort and page are not filters). */
export function isFiltered(view: OrderListView): boolean {
  return viewToParams({ ...view, sort: DEFAULT_VIEW.sort, after: null, before: null }).toString() !== "";
}

/**
 * A changed view. Changing what is shown starts again at the first page (a cursor belongs to its filter and sort);
 * setting from/to clears the month, setting the month clears from/to, and a month or a first day replaces `since`.
 */
export function changeView(view: OrderListView, change: Partial<Omit<OrderListView, "after" | "before">>): OrderListView {
  const next: OrderListView = { ...view, ...change, after: null, before: null };
  if (change.month) {
    next.from = null;
    next.since = null;
    next.to = null;
  } else if (change.from || change.to || change.since) {
    next.month = null;
  }
  if (change.from) next.since = null;
  else if (change.since) next.from = null;
  if (change.statuses) next.statuses = ORDER_STATUSES.filter((s) => change.statuses!.includes(s));
  return next;
}

/** Midnight starting `day` (YYYY-MM-DD) in the viewer's time zone, `plusDays` later, as an ISO instant. */
export function startOfDay(day: string, plusDays = 0): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, date + plusDays).toISOString();
}

/** The API filter for a view; `merchantId` is the operator's merchant scope (null: all, or a merchant user's own). */
export function toOrderFilter(view: OrderListView, merchantId: string | null): OrderFilter {
  return {
    merchantId,
    status: view.statuses.length ? view.statuses : null,
    paymentStatus: view.paymentStatus ? [view.paymentStatus] : null,
    paymentMethod: view.paymentMethod ? [view.paymentMethod] : null,
    month: view.month,
    // The range names whole days: from the first day's midnight up to (not including) the midnight after the last.
    createdFrom: view.month ? null : view.from ? startOfDay(view.from) : view.since,
    createdTo: !view.month && view.to ? startOfDay(view.to, 1) : null,
    tag: view.tag.trim() || null,
    shop: view.shop.trim() || null,
    search: view.search.trim() || null,
  };
}

/** The page variables: forward from `after`, backward from `before`, or the first page. */
export function pageVariables(view: OrderListView, size: number): { first?: number; after?: string; last?: number; before?: string } {
  if (view.before) return { last: size, before: view.before };
  if (view.after) return { first: size, after: view.after };
  return { first: size };
}
