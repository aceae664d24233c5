import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { useSignedIn } from "../../auth/AuthProvider";
import { can, isOperator } from "../../auth/permissions";
import type { AddressCodec } from "../../components/list/address";
import { FilterBar, SelectFilter, TextFilter } from "../../components/list/Filters";
import { ListPage, type Column } from "../../components/list/ListPage";
import { useAddressView } from "../../components/list/useAddressView";
import { Time } from "../../components/ui";
import type { OrderListRowFragment, PaymentMethod, PaymentStatus } from "../../gql/graphql";
import { useI18n, type MessageKey } from "../../i18n";
import { useMerchantScope } from "../../shell/MerchantScope";
import { BulkActions, BulkResults, type BulkReport } from "./BulkActions";
import {
  changeView,
  DEFAULT_VIEW,
  isFiltered,
  isShippedView,
  ORDER_STATUSES,
  pageVariables,
  parseView,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  SEARCH_MAX,
  SHIPPED_STATUSES,
  sortKey,
  SORTS,
  toOrderFilter,
  viewToParams,
  type OrderListView,
} from "./listFilters";
import { OrdersListQuery } from "./listOperations";
import { useOrderColumns } from "./orderColumns";
import "./ordersList.css";
import { useLiveOrderRows } from "./useLiveOrderRows";

const PAGE = 50;
const ORDER_LIST_ADDRESS: AddressCodec<OrderListView> = { read: parseView, write: viewToParams };

type ViewChange = Partial<Omit<OrderListView, "after" | "before">>;

function Filters({ view, onChange }: { view: OrderListView; onChange: (change: ViewChange, replace?: boolean) => void }) {
  const { t } = useI18n();
  const toggleStatus = (status: (typeof ORDER_STATUSES)[number], on: boolean) =>
    onChange({ statuses: on ? [...view.statuses, status] : view.statuses.filter((s) => s !== status) });

  return (
    <FilterBar className="orders-filters" label={t("orders.filters")}>
      <div className="toolbar">
        <TextFilter
          id="orders-search"
          className="orders-search"
          label={t("orders.search")}
          value={view.search}
          maxLength={SEARCH_MAX}
          placeholder={t("orders.searchHint")}
          onCommit={(search) => onChange({ search }, true)}
        />
        <SelectFilter
          id="orders-payment"
          label={t("orders.paymentStatus")}
          value={view.paymentStatus ?? ""}
          onChange={(value) => onChange({ paymentStatus: (value || null) as PaymentStatus | null })}
          options={[{ value: "", label: t("orders.paymentStatusAny") }, ...PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`paymentStatus.${s}`) }))]}
        />
        <SelectFilter
          id="orders-method"
          label={t("orders.paymentMethod")}
          value={view.paymentMethod ?? ""}
          onChange={(value) => onChange({ paymentMethod: (value || null) as PaymentMethod | null })}
          options={[{ value: "", label: t("orders.paymentMethodAny") }, ...PAYMENT_METHODS.map((m) => ({ value: m, label: t(`paymentMethod.${m}`) }))]}
        />
        <SelectFilter
          id="orders-sort"
          label={t("orders.sort")}
          value={sortKey(view.sort)}
          onChange={(value) => onChange({ sort: SORTS.find((s) => sortKey(s) === value) ?? DEFAULT_VIEW.sort })}
          options={SORTS.map((s) => ({ value: sortKey(s), label: t(`orders.sort.${sortKey(s)}` as MessageKey) }))}
        />
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
        <TextFilter id="orders-tag" type="text" label={t("orders.tag")} value={view.tag} maxLength={40} onCommit={(tag) => onChange({ tag: tag.trim() }, true)} />
        <TextFilter id="orders-shop" type="text" label={t("orders.shop")} value={view.shop} maxLength={120} onCommit={(shop) => onChange({ shop: shop.trim() }, true)} />
      </div>
      <fieldset className="status-chips">
        <legend>{t("orders.status")}</legend>
        <button
          type="button"
          className={`chip chip--preset${isShippedView(view) ? " chip--on" : ""}`}
          aria-pressed={isShippedView(view)}
          onClick={() => onChange({ statuses: isShippedView(view) ? [] : [...SHIPPED_STATUSES] })}
        >
          {t("orders.shippedFilter")}
        </button>
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
    </FilterBar>
  );
}

export function OrdersPage() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter, scope } = useMerchantScope();
  const { view, show, query } = useAddressView(ORDER_LIST_ADDRESS);
  const canPay = can(user.role, "orders:pay");
  const canWrite = can(user.role, "orders:write");
  const selectable = canPay || canWrite;
  const showMerchant = isOperator(user.role) && !merchantFilter;

  const [{ data, error, fetching }, refetch] = useQuery({
    query: OrdersListQuery,
    variables: { ...pageVariables(view, PAGE), filter: toOrderFilter(view, merchantFilter), sort: view.sort },
  });
  const orders = useLiveOrderRows(data?.orders.edges.map((e) => e.node), () => refetch({ requestPolicy: "network-only" }));

  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [report, setReport] = useState<BulkReport | null>(null);
  // A new view or merchant starts without a selection: what was chosen is not on screen any more.
  const viewKey = `${query}|${scope}`;
  useEffect(() => setSelected(new Set()), [viewKey]);
  const chosen = orders.filter((o) => selected.has(o.id));
  const allChosen = orders.length > 0 && chosen.length === orders.length;

  const change = (patch: ViewChange, replace = false) => show(changeView(view, patch), replace);
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const orderColumns = useOrderColumns({ showMerchant, full: true });
  const columns: (Column<OrderListRowFragment> | false)[] = [
    selectable && {
      key: "select",
      className: "select-cell no-print",
      header: (
        <input
          type="checkbox"
          aria-label={t("orders.selectPage")}
          checked={allChosen}
          ref={(box) => {
            if (box) box.indeterminate = chosen.length > 0 && !allChosen;
          }}
          onChange={(e) => setSelected(e.target.checked ? new Set(orders.map((o) => o.id)) : new Set())}
        />
      ),
      label: (order) => t("orders.select", { number: order.number }),
      cell: (order) => (
        <input type="checkbox" aria-label={t("orders.select", { number: order.number })} checked={selected.has(order.id)} onChange={(e) => toggle(order.id, e.target.checked)} />
      ),
    },
    ...orderColumns,
  ];

  return (
    <ListPage
      title={t("orders.title")}
      subtitle={t("orders.subtitle")}
      total={data && t("orders.total", { count: data.orders.totalCount })}
      totalTestId="orders-total"
      result={{ fetching, error, loaded: !!data }}
      rows={orders}
      columns={columns}
      rowKey={(order) => order.id}
      rowProps={(order) => ({
        "data-number": order.number,
        "data-status": order.status,
        "data-payment": order.paymentStatus,
        className: selected.has(order.id) ? "row--selected" : undefined,
      })}
      empty={t("orders.empty")}
      tableClassName="orders-table"
      pager={{ pageInfo: data?.orders.pageInfo, onFirstPage: !view.after && !view.before, go: (page) => show({ ...view, ...page }) }}
    >
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
    </ListPage>
  );
}
