import { describe, expect, it } from "vitest";
import { en, type MessageKey } from "../../i18n/en";
import {
  changeView,
  DEFAULT_VIEW,
  isDay,
  isFiltered,
  isShippedView,
  pageVariables,
  parseView,
  sortKey,
  SORTS,
  startOfDay,
  toOrderFilter,
  viewToParams,
  type OrderListView,
} from "./listFilters";

const parse = (query: string) => parseView(new URLSearchParams(query));

describe("the orders list's address", () => {
  it("is plain /orders for the default view", () => {
    expect(viewToParams(DEFAULT_VIEW).toString()).toBe("");
    expect(parse("")).toEqual(DEFAULT_VIEW);
  });

  it("round-trips every filter, the sort and the page", () => {
    const view: OrderListView = {
      ...DEFAULT_VIEW,
      statuses: ["AWAITING_PAYMENT", "ON_HOLD"],
      paymentStatus: "PENDING",
      paymentMethod: "BANK_TRANSFER",
      from: "2026-03-01",
      to: "2026-03-31",
      tag: "vip",
      shop: "Shopify DE",
      search: "Erika",
      sort: { field: "TOTAL", direction: "DESC" },
      after: "abc==",
    };
    const query = viewToParams(view).toString();
    expect(query).toBe(
      "status=AWAITING_PAYMENT&status=ON_HOLD&payment=PENDING&method=BANK_TRANSFER&from=2026-03-01&to=2026-03-31&tag=vip&shop=Shopify+DE&q=Erika&sort=TOTAL.DESC&after=abc%3D%3D",
    );
    expect(parse(query)).toEqual(view);
  });

  it("keeps statuses in pipeline order without repeats, and takes comma-separated ones", () => {
    expect(parse("status=ON_HOLD&status=READY&status=READY").statuses).toEqual(["READY", "ON_HOLD"]);
    expect(parse("status=CANCELLED,DRAFT").statuses).toEqual(["DRAFT", "CANCELLED"]);
  });

  it("drops what it does not understand instead of failing", () => {
    const view = parse("status=LOST&payment=MAYBE&method=GOLD&from=2025-02-30&to=yesterday&month=2026-13&sort=PRICE.UP");
    expect(view).toEqual(DEFAULT_VIEW);
  });

  it("lets a month replace a date range, in the address as in the form", () => {
    expect(parse("month=2026-11&from=2026-01-01&to=2026-01-31")).toMatchObject({ month: "2026-11", from: null, to: null });
    const ranged = changeView({ ...DEFAULT_VIEW, month: "2026-11" }, { from: "2026-11-03" });
    expect(ranged).toMatchObject({ month: null, from: "2026-11-03" });
    const monthly = changeView({ ...DEFAULT_VIEW, from: "2026-11-03", to: "2026-11-09" }, { month: "2026-10" });
    expect(monthly).toMatchObject({ month: "2026-10", from: null, to: null });
    expect(viewToParams({ ...DEFAULT_VIEW, month: "2026-10", from: "2026-01-01" }).toString()).toBe("month=2026-10");
  });

  it("keeps the dashboard's start of today as an instant, which a first day or a month replaces", () => {
    const since = "2026-11-24T00:00:00+01:00";
    const query = viewToParams({ ...DEFAULT_VIEW, since, to: "2026-11-30" }).toString();
    expect(query).toBe("since=2026-11-24T00%3A00%3A00%2B01%3A00&to=2026-11-30");
    expect(parse(query)).toEqual({ ...DEFAULT_VIEW, since, to: "2026-11-30" });
    expect(parse("since=2026-11-23T23:00:00.000Z").since).toBe("2026-11-23T23:00:00.000Z");
    expect(parse("since=yesterday").since).toBeNull();
    expect(parse("since=2026-11-24T25:00:00Z").since).toBeNull();
    expect(parse("since=2026-11-24").since).toBeNull();
    expect(parse(`since=${encodeURIComponent(since)}&from=2026-11-01`)).toMatchObject({ from: "2026-11-01", since: null });
    expect(parse(`since=${encodeURIComponent(since)}&month=2026-11`)).toMatchObject({ month: "2026-11", since: null });
    expect(changeView({ ...DEFAULT_VIEW, since }, { from: "2026-11-20" })).toMatchObject({ from: "2026-11-20", since: null });
    expect(changeView({ ...DEFAULT_VIEW, since }, { month: "2026-10" })).toMatchObject({ month: "2026-10", since: null });
    expect(changeView({ ...DEFAULT_VIEW, since }, { to: "2026-11-30" })).toMatchObject({ since, to: "2026-11-30" });
    expect(changeView({ ...DEFAULT_VIEW, from: "2026-11-20", month: null }, { since })).toMatchObject({ from: null, since });
    expect(isFiltered({ ...DEFAULT_VIEW, since })).toBe(true);
  });

  it("starts at the first page again when the filter or sort changes", () => {
    const paged = { ...DEFAULT_VIEW, after: "cursor" };
    expect(changeView(paged, { search: "anna" })).toMatchObject({ search: "anna", after: null, before: null });
    expect(changeView({ ...DEFAULT_VIEW, before: "c" }, { sort: SORTS[2]! })).toMatchObject({ after: null, before: null });
  });

  it("pages forward from after and backward from before", () => {
    expect(pageVariables(DEFAULT_VIEW, 50)).toEqual({ first: 50 });
    expect(pageVariables({ ...DEFAULT_VIEW, after: "x" }, 50)).toEqual({ first: 50, after: "x" });
    expect(pageVariables({ ...DEFAULT_VIEW, before: "y" }, 50)).toEqual({ last: 50, before: "y" });
    expect(parse("after=x&before=y")).toMatchObject({ after: "x", before: null });
  });

  it("counts only filters and search as filtering, not sort or page", () => {
    expect(isFiltered({ ...DEFAULT_VIEW, sort: SORTS[4]!, after: "x" })).toBe(false);
    expect(isFiltered({ ...DEFAULT_VIEW, search: " x " })).toBe(true);
    expect(isFiltered({ ...DEFAULT_VIEW, statuses: ["READY"] })).toBe(true);
  });

  it("offers only sorts it can name", () => {
    for (const sort of SORTS) expect(en[`orders.sort.${sortKey(sort)}` as MessageKey], sortKey(sort)).toBeTruthy();
  });
});

describe("the API filter", () => {
  it("asks for the merchant scope, the chosen statuses and trimmed texts", () => {
    const filter = toOrderFilter({ ...DEFAULT_VIEW, statuses: ["READY"], paymentStatus: "PAID", tag: " vip ", search: "  M1-10 " }, "TWVyY2hhbnQ6MQ==");
    expect(filter).toEqual({
      merchantId: "TWVyY2hhbnQ6MQ==",
      status: ["READY"],
      paymentStatus: ["PAID"],
      paymentMethod: null,
      month: null,
      createdFrom: null,
      createdTo: null,
      tag: "vip",
      shop: null,
      search: "M1-10",
    });
  });

  it("turns a day range into whole days in the viewer's zone, the last day included", () => {
    const filter = toOrderFilter({ ...DEFAULT_VIEW, from: "2026-03-28", to: "2026-03-29" }, null);
    expect(filter.createdFrom).toBe(new Date(2026, 2, 28).toISOString());
    expect(filter.createdTo).toBe(new Date(2026, 2, 30).toISOString());
    expect(startOfDay("2026-12-31", 1)).toBe(new Date(2027, 0, 1).toISOString());
    expect(toOrderFilter({ ...DEFAULT_VIEW, month: "2026-11" }, null)).toMatchObject({ month: "2026-11", createdFrom: null, createdTo: null });
  });

  it("asks from the dashboard's instant as it is, whatever the viewer's zone", () => {
    const filter = toOrderFilter({ ...DEFAULT_VIEW, since: "2026-11-24T00:00:00+01:00", to: "2026-11-24" }, null);
    expect(filter.createdFrom).toBe("2026-11-24T00:00:00+01:00");
    expect(filter.createdTo).toBe(new Date(2026, 10, 25).toISOString());
  });

  it("knows a calendar day", () => {
    expect(isDay("2024-02-29")).toBe(true);
    expect(isDay("2025-02-29")).toBe(false);
    expect(isDay("2025-1-01")).toBe(false);
  });
});

describe("the Shipped filter", () => {
  it("is the statuses of orders that left the building, as a link and as the API filter", () => {
    const view = parseView(new URLSearchParams("status=SHIPPED,DELIVERED&status=PARTIALLY_SHIPPED"));
    expect(isShippedView(view)).toBe(true);
    expect(toOrderFilter(view, null).status).toEqual(["PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED"]);
    expect(viewToParams(view).toString()).toBe("status=PARTIALLY_SHIPPED&status=SHIPPED&status=DELIVERED");
  });

  it("is off when a status is missing or another one is added", () => {
    expect(isShippedView({ statuses: ["SHIPPED", "DELIVERED"] })).toBe(false);
    expect(isShippedView({ statuses: ["PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED", "PACKED"] })).toBe(false);
    expect(isShippedView(DEFAULT_VIEW)).toBe(false);
  });
});
