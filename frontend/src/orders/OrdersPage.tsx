import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { useSignedIn } from "../auth/AuthProvider";
import { can, isOperator } from "../auth/permissions";
import { Alert, PageHeader, Time } from "../components/ui";
import type { PaymentMethod, PaymentStatus } from "../gql/graphql";
import { useI18n, type MessageKey } from "../i18n";
import { BulkActions, BulkResults, type BulkReport } from "./BulkActions";
import {
  changeView,
  DEFAULT_VIEW,
  isFiltered,
  ORDER_STATUSES,
  pageVariables,
  parseView,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  SEARCH_MAX,
  sortKey,
  SORTS,
  toOrderFilter,
  viewToParams,
  type OrderListView,
} from "./listFilters";
import { OrdersListQuery } from "./listOperations";
import { OrderStatusPill, PaymentStatusPill } from "./OrderBits";
import "./ordersList.css";
import { useLiveOrderRows } from "./useLiveOrderRows";
import { useMerchantScope } from "../shell/MerchantScope";

const PAGE = 50;
const TYPING_PAUSE_MS = 300;

/**
 * A text filter that follows typing at once but changes the list (and the address) only after a pause; it takes
 * the address's value again when that changes otherwise (back button, "clear filters").
 */
function useTypedFilter(value: string, commit: (value: string) => void): [string, (value: string) => void] {
  const [typed, setTyped] = useState(value);
  const committed = useRef(value);
  const latestCommit = useRef(commit);
  useEffect(() => {
    latestCommit.current = commit;
  });
  useEffect(() => {
    if (value.trim() !== committed.current.trim()) {
      committed.current = value;
      setTyped(value);
    }
  }, [value]);
  useEffect(() => {
    if (typed.trim() === committed.current.trim()) return;
    const timer = setTimeout(() => {
      committed.current = typed;
      latestCommit.current(typed);
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  return [typed, setTyped];
}

function Filters({ view, onChange }: { view: OrderListView; onChange: (change: Partial<Omit<OrderListView, "after" | "before">>, replace?: boolean) => void }) {
  const { t } = useI18n();
  const [search, setSearch] = useTypedFilter(view.search, (search) => onChange({ search }, true));
  const [tag, setTag] = useTypedFilter(view.tag, (tag) => onChange({ tag: tag.trim() }, true));
  const [shop, setShop] = useTypedFilter(view.shop, (shop) => onChange({ shop: shop.trim() }, true));
  const toggleStatus = (status: (typeof ORDER_STATUSES)[number], on: boolean) =>
    onChange({ statuses: on ? [...view.statuses, status] : view.statuses.filter((s) => s !== status) });

  return (
    <form className="orders-filters" role="search" aria-label={t("orders.filters")} onSubmit={(e) => e.preventDefault()}>
      <div className="toolbar">
        <div className="field orders-search">
          <label htmlFor="orders-search">{t("orders.search")}</label>
          <input id="orders-search" type="search" value={search} maxLength={SEARCH_MAX} placeholder={t("orders.searchHint")} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="orders-payment">{t("orders.paymentStatus")}</label>
          <select id="orders-payment" value={view.paymentStatus ?? ""} onChange={(e) => onChange({ paymentStatus: (e.target.value || null) as PaymentStatus | null })}>
            <option value="">{t("orders.paymentStatusAny")}</option>
            {PAYMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`paymentStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="orders-method">{t("orders.paymentMethod")}</label>
          <select id="orders-method" value={view.paymentMethod ?? ""} onChange={(e) => onChange({ paymentMethod: (e.target.value || null) as PaymentMethod | null })}>
            <option value="">{t("orders.paymentMethodAny")}</option>
            {PAYMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`paymentMethod.${m}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="orders-sort">{t("orders.sort")}</label>
          <select id="orders-sort" value={sortKey(view.sort)} onChange={(e) => onChange({ sort: SORTS.find((s) => sortKey(s) === e.target.value) ?? DEFAULT_VIEW.sort })}>
            {SORTS.map((s) => (
              <option key={sortKey(s)} value={sortKey(s)}>
                {t(`orders.sort.${sortKey(s)}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="toolbar">
        <div className="field field--date">
          <label htmlFor="orders-from">{t("orders.createdFrom")}</label>
          <input id="orders-from" type="date" value={view.from ?? ""} max={view.to ?? undefined} onChange={(e) => onChange({ from: e.target.value || null })} />
        </div>
        {view.since && (
          <fieldset className="field field--date" data-testid="orders-since">
            <legend>{t("orders.createdSince")}</legend>
            <span className="field--inline">
              <Time value={view.since} />
              <button type="button" className="button button--small button--ghost" aria-label={t("orders.clearSince")} onClick={() => onChange({ since: null })}>
                ×
              </button>
            </span>
          </fieldset>
        )}
        <div className="field field--date">
          <label htmlFor="orders-to">{t("orders.createdTo")}</label>
          <input id="orders-to" type="date" value={view.to ?? ""} min={view.from ?? undefined} onChange={(e) => onChange({ to: e.target.value || null })} />
        </div>
        <div className="field field--date">
          <label htmlFor="orders-month">{t("orders.month")}</label>
          <input id="orders-month" type="month" value={view.month ?? ""} onChange={(e) => onChange({ month: e.target.value || null })} />
        </div>
        <div className="field">
          <label htmlFor="orders-tag">{t("orders.tag")}</label>
          <input id="orders-tag" value={tag} maxLength={40} onChange={(e) => setTag(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="orders-shop">{t("orders.shop")}</label>
          <input id="orders-shop" value={shop} maxLength={120} onChange={(e) => setShop(e.target.value)} />
        </div>
      </div>
      <fieldset className="status-chips">
        <legend>{t("orders.status")}</legend>
        {ORDER_STATUSES.map((status) => (
          <label key={status} className={`chip${view.statuses.includes(status) ? " chip--on" : ""}`}>
            <input type="checkbox" checked={view.statuses.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} />
            {t(`orderStatus.${status}`)}
          </label>
        ))}
        {isFiltered(view) && (
          <button type="button" className="button button--small button--ghost" onClick={() => onChange({ ...DEFAULT_VIEW, sort: view.sort })}>
            {t("orders.clearFilters")}
          </button>
        )}
      </fieldset>
    </form>
  );
}

export function OrdersPage() {
  const { t, money } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter, scope } = useMerchantScope();
  const [params, setParams] = useSearchParams();
  const addressed = useMemo(() => parseView(params), [params]);
  // The router applies a new address as a transition, a moment later: until it has, the view just chosen is shown,
  // so a checkbox does not flick back and a quick second change builds on the first.
  const [chosenView, setChosenView] = useState<{ base: string; view: OrderListView } | null>(null);
  const view = chosenView && chosenView.base === params.toString() ? chosenView.view : addressed;
  useEffect(() => setChosenView(null), [params]);
  const canPay = can(user.role, "orders:pay");
  const canWrite = can(user.role, "orders:write");
  const selectable = canPay || canWrite;
  const showMerchant = isOperator(user.role) && !merchantFilter;

  const [{ data, error, fetching }, refetch] = useQuery({
    query: OrdersListQuery,
    variables: { ...pageVariables(view, PAGE), filter: toOrderFilter(view, merchantFilter), sort: view.sort },
  });
  const orders = useLiveOrderRows(data?.orders.edges.map((e) => e.node), () => refetch({ requestPolicy: "network-only" }));
  const pageInfo = data?.orders.pageInfo;

  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [report, setReport] = useState<BulkReport | null>(null);
  // A new view or merchant starts without a selection: what was chosen is not on screen any more.
  const viewKey = `${params.toString()}|${scope}`;
  useEffect(() => setSelected(new Set()), [viewKey]);
  const chosen = orders.filter((o) => selected.has(o.id));
  const allChosen = orders.length > 0 && chosen.length === orders.length;

  const show = (next: OrderListView, replace = false) => {
    setChosenView({ base: params.toString(), view: next });
    setParams(viewToParams(next), { replace });
  };
  const change = (patch: Partial<Omit<OrderListView, "after" | "before">>, replace = false) => show(changeView(view, patch), replace);
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section>
      <PageHeader title={t("orders.title")} subtitle={t("orders.subtitle")}>
        {data && (
          <span className="badge" data-testid="orders-total">
            {t("orders.total", { count: data.orders.totalCount })}
          </span>
        )}
      </PageHeader>
      <Filters key={scope} view={view} onChange={change} />
      {report && <BulkResults report={report} onDismiss={() => setReport(null)} />}
      {selectable && chosen.length > 0 && (
        <BulkActions
          selected={chosen.map((o) => ({ id: o.id, number: o.number }))}
          canPay={canPay}
          canWrite={canWrite}
          onClear={() => setSelected(new Set())}
          onDone={(done) => {
            setReport(done);
            // The ones that failed stay selected, to try again or do something else with them.
            setSelected(new Set(done.lines.filter((l) => l.errors.length).map((l) => l.orderId)));
            refetch({ requestPolicy: "network-only" });
          }}
        />
      )}
      {error && <Alert kind="error">{t("app.error", { message: error.graphQLErrors[0]?.message ?? error.message })}</Alert>}
      {fetching && !data ? (
        <p className="empty">{t("app.loading")}</p>
      ) : orders.length === 0 ? (
        <p className="empty">{t("orders.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table orders-table" aria-label={t("orders.title")}>
            <thead>
              <tr>
                {selectable && (
                  <th scope="col" className="select-cell no-print">
                    <input
                      type="checkbox"
                      aria-label={t("orders.selectPage")}
                      checked={allChosen}
                      ref={(box) => {
                        if (box) box.indeterminate = chosen.length > 0 && !allChosen;
                      }}
                      onChange={(e) => setSelected(e.target.checked ? new Set(orders.map((o) => o.id)) : new Set())}
                    />
                  </th>
                )}
                <th scope="col">{t("orders.number")}</th>
                {showMerchant && <th scope="col">{t("orders.merchant")}</th>}
                <th scope="col">{t("orders.customer")}</th>
                <th scope="col">{t("orders.status")}</th>
                <th scope="col">{t("orders.payment")}</th>
                <th scope="col" className="num">
                  {t("orders.amount")}
                </th>
                <th scope="col">{t("orders.tags")}</th>
                <th scope="col">{t("orders.created")}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id} data-number={order.number} data-status={order.status} data-payment={order.paymentStatus} className={selected.has(order.id) ? "row--selected" : undefined}>
                  {selectable && (
                    <td className="select-cell no-print" data-label={t("orders.select", { number: order.number })}>
                      <input type="checkbox" aria-label={t("orders.select", { number: order.number })} checked={selected.has(order.id)} onChange={(e) => toggle(order.id, e.target.checked)} />
                    </td>
                  )}
                  <td data-label={t("orders.number")} className="nowrap">
                    <Link to={`/orders/${encodeURIComponent(order.id)}`}>{order.number}</Link>
                    {order.externalNumber && <span className="cell-note">{t("orders.shopNumber", { number: order.externalNumber })}</span>}
                  </td>
                  {showMerchant && <td data-label={t("orders.merchant")}>{order.merchant?.code ?? "—"}</td>}
                  <td data-label={t("orders.customer")}>
                    <span>{order.customer.name || "—"}</span>
                    {order.customer.email && <span className="cell-note">{order.customer.email}</span>}
                  </td>
                  <td data-label={t("orders.status")}>
                    <OrderStatusPill status={order.status} />
                    {order.status === "ON_HOLD" && order.holdReason && <span className="cell-note">{t("orders.heldBecause", { reason: order.holdReason })}</span>}
                  </td>
                  <td data-label={t("orders.payment")}>
                    <PaymentStatusPill status={order.paymentStatus} />
                    <span className="cell-note">{t(`paymentMethod.${order.paymentMethod}`)}</span>
                  </td>
                  <td className="num" data-label={t("orders.amount")}>
                    {money(order.total.amount, order.total.currency)}
                  </td>
                  <td data-label={t("orders.tags")}>
                    {order.tags.length ? order.tags.map((tag) => <span key={tag} className="tag tag--order">{tag}</span>) : "—"}
                  </td>
                  <td data-label={t("orders.created")}>
                    <Time value={order.createdAt} mode="smart" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pageInfo && (pageInfo.hasNextPage || pageInfo.hasPreviousPage) && (
        <nav className="pager" aria-label={t("orders.pages")}>
          <button type="button" className="button button--small" disabled={!view.after && !view.before} onClick={() => show({ ...view, after: null, before: null })}>
            {t("orders.first")}
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={!pageInfo.hasPreviousPage || !pageInfo.startCursor}
            onClick={() => show({ ...view, after: null, before: pageInfo.startCursor })}
          >
            ← {t("orders.previous")}
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={!pageInfo.hasNextPage || !pageInfo.endCursor}
            onClick={() => show({ ...view, after: pageInfo.endCursor, before: null })}
          >
            {t("orders.next")} →
          </button>
        </nav>
      )}
    </section>
  );
}
