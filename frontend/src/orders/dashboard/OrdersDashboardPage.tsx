import { useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useSignedIn } from "../../auth/AuthProvider";
import { isOperator } from "../../auth/permissions";
import { DataTable } from "../../components/list/DataTable";
import { Alert, PageHeader } from "../../components/ui";
import type { DashboardFiguresFragment, OrderStatus } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { useOrderColumns } from "../list/orderColumns";
import { busiestHour, chartCeiling, formatDuration, hourlySlots, readyAgeSeconds, waitLevel, type HourSlot } from "./dashboardFigures";
import { changeView, DEFAULT_VIEW, OPEN_ORDER_STATUSES, ORDER_STATUSES, viewToParams, type OrderListView } from "../list/listFilters";
import { OrdersListQuery } from "../list/listOperations";
import { useLiveOrderRows } from "../list/useLiveOrderRows";
import { useDashboardLive } from "./useDashboardLive";
import "../list/ordersList.css";
import { useMerchantScope } from "../../shell/MerchantScope";

const RECENT = 10;
// Recent orders are placed ones; drafts being typed in on the phone are not orders yet.
const PLACED_STATUSES = ORDER_STATUSES.filter((s) => s !== "DRAFT");

/** A link to the orders list showing `change` of the default view. */
export function ordersLink(change: Partial<Omit<OrderListView, "after" | "before">>): string {
  const query = viewToParams(changeView(DEFAULT_VIEW, change)).toString();
  return query ? `/orders?${query}` : "/orders";
}

function Tile({ label, value, note, link, level, testId }: { label: string; value: ReactNode; note?: ReactNode; link?: string; level?: string; testId: string }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <li className={`kpi${level ? ` kpi--${level}` : ""}`} role="group" aria-labelledby={id} data-testid={testId}>
      <p className="kpi-label" id={id}>
        {label}
      </p>
      <p className="kpi-value">{value}</p>
      {note && <p className="kpi-note">{note}</p>}
      {link && (
        <Link className="kpi-link" to={link} aria-label={`${t("dashboard.show")}: ${label}`}>
          {t("dashboard.show")} →
        </Link>
      )}
    </li>
  );
}

function Amounts({ amounts }: { amounts: readonly { amount: string; currency: string }[] }) {
  const { money } = useI18n();
  if (amounts.length === 0) return <>—</>;
  return (
    <>
      {amounts.map((a, index) => (
        <span key={a.currency} className="kpi-amount">
          {index > 0 && " · "}
          {money(a.amount, a.currency)}
        </span>
      ))}
    </>
  );
}

/** The oldest ready order's wait, ticking on its own every second (the rest of the page does not re-render). */
function ReadyAgeTile({ figures, receivedAt }: { figures: DashboardFiguresFragment; receivedAt: number }) {
  const { t, locale, dateTime } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const age = readyAgeSeconds(figures, receivedAt, Math.max(now, receivedAt));
  return (
    <Tile
      testId="kpi-oldest-ready"
      label={t("dashboard.oldestReady")}
      level={age === null ? undefined : waitLevel(age)}
      value={age === null ? <span className="kpi-text">{t("dashboard.noneWaiting")}</span> : <span data-seconds={age}>{formatDuration(age, locale)}</span>}
      note={figures.oldestReadySince ? t("dashboard.since", { time: dateTime(figures.oldestReadySince) }) : undefined}
      link={age === null ? undefined : ordersLink({ statuses: ["READY"], sort: { field: "STATUS_CHANGED_AT", direction: "ASC" } })}
    />
  );
}

function Kpis({ figures, receivedAt }: { figures: DashboardFiguresFragment; receivedAt: number }) {
  const { t, number } = useI18n();
  return (
    <section aria-labelledby="kpi-title">
      <h2 id="kpi-title" className="visually-hidden">
        {t("dashboard.kpis")}
      </h2>
      <ul className="kpis">
        <Tile
          testId="kpi-orders-today"
          label={t("dashboard.ordersToday")}
          value={<span data-value={figures.ordersToday}>{number(figures.ordersToday)}</span>}
          note={t("dashboard.cancelledToday", { count: figures.cancelledToday })}
          // The figure's orders: since the merchant's midnight, which need not be the viewer's, drafts left out (the
          // figure counts by placing time, the list by creation: a draft begun before midnight is listed the day before).
          link={ordersLink({ since: figures.dayStartsAt, statuses: PLACED_STATUSES })}
        />
        <Tile testId="kpi-revenue-today" label={t("dashboard.revenueToday")} value={<Amounts amounts={figures.revenueToday} />} />
        <Tile
          testId="kpi-awaiting-payment"
          label={t("dashboard.awaitingPayment")}
          value={<span data-value={figures.awaitingPaymentCount}>{number(figures.awaitingPaymentCount)}</span>}
          note={<Amounts amounts={figures.awaitingPaymentValue} />}
          link={ordersLink({ statuses: ["AWAITING_PAYMENT"] })}
        />
        <Tile
          testId="kpi-backordered"
          label={t("dashboard.backordered")}
          level={figures.backordered > 0 ? "warn" : undefined}
          value={<span data-value={figures.backordered}>{number(figures.backordered)}</span>}
          link={ordersLink({ statuses: ["BACKORDERED"] })}
        />
        <Tile
          testId="kpi-on-hold"
          label={t("dashboard.onHold")}
          level={figures.onHold > 0 ? "warn" : undefined}
          value={<span data-value={figures.onHold}>{number(figures.onHold)}</span>}
          link={ordersLink({ statuses: ["ON_HOLD"] })}
        />
        <ReadyAgeTile figures={figures} receivedAt={receivedAt} />
      </ul>
    </section>
  );
}

function Pipeline({ counts }: { counts: DashboardFiguresFragment["statusCounts"] }) {
  const { t, number } = useI18n();
  const byStatus = new Map<OrderStatus, number>(counts.map((c) => [c.status, c.count]));
  return (
    <section aria-labelledby="pipeline-title" className="dashboard-section">
      <h2 id="pipeline-title">{t("dashboard.pipeline")}</h2>
      <p className="page-subtitle">{t("dashboard.pipelineHint")}</p>
      <ol className="pipeline">
        {OPEN_ORDER_STATUSES.map((status) => {
          const count = byStatus.get(status) ?? 0;
          return (
            <li key={status} className={`pipeline-step${count === 0 ? " pipeline-step--empty" : ""}`} data-status={status} data-count={count}>
              <Link to={ordersLink({ statuses: [status] })} aria-label={t("dashboard.pipelineLink", { status: t(`orderStatus.${status}`), count })}>
                <span className="pipeline-count">{number(count)}</span>
                <span className="pipeline-label">{t(`orderStatus.${status}`)}</span>
              </Link>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const BAR = 12;
const GAP = 4;
const HEIGHT = 120;
const AXIS = 16;

function PerHourChart({ figures }: { figures: DashboardFiguresFragment }) {
  const { t, locale, number } = useI18n();
  const summaryId = useId();
  const slots = useMemo(() => hourlySlots(figures.ordersPerHour, figures.dayStartsAt), [figures.ordersPerHour, figures.dayStartsAt]);
  const hourLabel = (slot: HourSlot) => new Date(slot.hour).toLocaleTimeString(locale === "de" ? "de-DE" : "en-GB", { hour: "2-digit", minute: "2-digit" });
  const busiest = busiestHour(slots);
  const total = slots.reduce((sum, s) => sum + s.placed, 0);
  const ceiling = chartCeiling(Math.max(0, ...slots.map((s) => s.placed)));
  const width = slots.length * (BAR + GAP);
  const scale = (value: number) => (value / ceiling) * HEIGHT;
  const summary = busiest
    ? t("dashboard.perHourSummary", { total, hour: hourLabel(busiest), max: busiest.placed })
    : t("dashboard.perHourEmpty");
  return (
    <figure className="chart card" aria-labelledby="per-hour-title">
      <figcaption>
        <h2 id="per-hour-title">{t("dashboard.perHour")}</h2>
        <p className="page-subtitle" id={summaryId}>
          {summary}
        </p>
      </figcaption>
      <svg className="chart-svg" viewBox={`0 0 ${width} ${HEIGHT + AXIS}`} role="img" aria-labelledby={summaryId}>
        <line className="chart-base" x1={0} x2={width} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} />
        {slots.map((slot, index) => {
          const x = index * (BAR + GAP) + GAP / 2;
          const placed = scale(slot.placed);
          const cancelled = scale(Math.min(slot.cancelled, slot.placed));
          return (
            <g key={slot.hour} data-hour={slot.hour} data-placed={slot.placed}>
              <title>{`${hourLabel(slot)}: ${t("dashboard.placed")} ${number(slot.placed)}, ${t("dashboard.cancelled")} ${number(slot.cancelled)}`}</title>
              <rect className="chart-hit" x={x - GAP / 2} y={0} width={BAR + GAP} height={HEIGHT} />
              {slot.placed > 0 && <rect className="chart-bar" x={x} y={HEIGHT - placed} width={BAR} height={placed} rx={2} />}
              {cancelled > 0 && <rect className="chart-bar chart-bar--cancelled" x={x} y={HEIGHT - cancelled} width={BAR} height={cancelled} />}
              {index % 3 === 0 && (
                <text className="chart-axis" x={x + BAR / 2} y={HEIGHT + AXIS - 3} textAnchor="middle">
                  {new Date(slot.hour).toLocaleTimeString(locale === "de" ? "de-DE" : "en-GB", { hour: "2-digit" }).replace(/\D+$/, "")}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p className="chart-legend" aria-hidden="true">
        <span className="chart-key chart-key--placed" /> {t("dashboard.placed")}
        <span className="chart-key chart-key--cancelled" /> {t("dashboard.cancelled")}
      </p>
      {/* The same figures as a table, for screen readers. */}
      <table className="visually-hidden">
        <caption>{t("dashboard.perHour")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.hour")}</th>
            <th scope="col">{t("dashboard.placed")}</th>
            <th scope="col">{t("dashboard.cancelled")}</th>
          </tr>
        </thead>
        <tbody>
          {slots
            .filter((s) => s.placed > 0 || s.cancelled > 0)
            .map((slot) => (
              <tr key={slot.hour}>
                <th scope="row">{hourLabel(slot)}</th>
                <td>{number(slot.placed)}</td>
                <td>{number(slot.cancelled)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}

function RecentOrders({ merchantId, showMerchant }: { merchantId: string | null; showMerchant: boolean }) {
  const { t } = useI18n();
  const [{ data, error }, refetch] = useQuery({
    query: OrdersListQuery,
    variables: { first: RECENT, filter: { merchantId, status: PLACED_STATUSES }, sort: { field: "CREATED_AT", direction: "DESC" } },
  });
  const rows = useLiveOrderRows(data?.orders.edges.map((e) => e.node), () => refetch({ requestPolicy: "network-only" }));
  const columns = useOrderColumns({ showMerchant, full: false });
  return (
    <section className="card dashboard-recent" aria-labelledby="recent-title">
      <div className="section-header">
        <h2 id="recent-title">{t("dashboard.recent")}</h2>
        <Link to="/orders">{t("dashboard.allOrders")} →</Link>
      </div>
      {error && !data && <Alert kind="error">{t("app.error", { message: error.message })}</Alert>}
      {!data ? (
        <p className="empty empty--small">{t("app.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="empty empty--small">{t("dashboard.recentEmpty")}</p>
      ) : (
        <DataTable
          label={t("dashboard.recent")}
          className="table--compact"
          framed={false}
          rows={rows}
          columns={columns}
          rowKey={(order) => order.id}
          rowProps={(order) => ({ "data-number": order.number, "data-status": order.status })}
        />
      )}
    </section>
  );
}

export function OrdersDashboardPage() {
  const { t, time } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter } = useMerchantScope();
  const { figures, receivedAt, error } = useDashboardLive(merchantFilter);
  const allMerchants = isOperator(user.role) && !merchantFilter;

  return (
    <section className="dashboard">
      <PageHeader title={t("dashboard.title")} subtitle={t(allMerchants ? "dashboard.subtitleAll" : "dashboard.subtitle")}>
        {figures && (
          <span className="badge" data-testid="dashboard-updated">
            {t("dashboard.updated", { time: time(figures.computedAt) })}
          </span>
        )}
      </PageHeader>
      {error && <Alert kind="error">{t("app.error", { message: error })}</Alert>}
      {!figures ? (
        <p className="empty" role="status">
          {t("dashboard.waiting")}
        </p>
      ) : (
        <>
          <Kpis figures={figures} receivedAt={receivedAt} />
          <Pipeline counts={figures.statusCounts} />
          <div className="dashboard-grid">
            <PerHourChart figures={figures} />
            <RecentOrders merchantId={merchantFilter} showMerchant={allMerchants} />
          </div>
        </>
      )}
    </section>
  );
}
