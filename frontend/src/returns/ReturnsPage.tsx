import { useMemo } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useSignedIn } from "../auth/AuthProvider";
import { isOperator } from "../auth/permissions";
import { choiceField, filtersCodec } from "../components/list/address";
import { FilterBar, SelectFilter } from "../components/list/Filters";
import { ListPage, useLoadMore, type Column } from "../components/list/ListPage";
import { useAddressView } from "../components/list/useAddressView";
import { Time } from "../components/ui";
import type { ReturnDisposition, ReturnGrade, ReturnReason, ReturnRowFieldsFragment, ReturnStatus } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useMerchantScope } from "../shell/MerchantScope";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { ALL_STATUSES, OPEN_STATUSES, ReturnStatusBadge } from "./ReturnStatus";
import { ReturnsQuery } from "./operations";

export const REASONS: readonly ReturnReason[] = ["TOO_SMALL", "TOO_LARGE", "NOT_AS_DESCRIBED", "DEFECTIVE", "DAMAGED_IN_TRANSIT", "WRONG_ITEM", "ARRIVED_TOO_LATE", "CHANGED_MIND", "OTHER", "NOT_STATED"];
export const GRADES: readonly ReturnGrade[] = ["NEW", "LIKE_NEW", "USED", "DAMAGED", "UNUSABLE"];
export const DISPOSITIONS: readonly ReturnDisposition[] = ["RESTOCK", "RETURN_TO_MERCHANT", "DISPOSE"];
type StatusChoice = "OPEN" | ReturnStatus;
const STATUS_CHOICES: readonly StatusChoice[] = ["OPEN", ...ALL_STATUSES];

/** The list's filters in the address: `status` (OPEN or one status), `reason`, `grade`, `disposition`. */
const returnFilters = filtersCodec({
  status: choiceField("status", STATUS_CHOICES),
  reason: choiceField("reason", REASONS),
  grade: choiceField("grade", GRADES),
  disposition: choiceField("disposition", DISPOSITIONS),
});

/** "2 × Too small, 1 × Defective": the items' reasons, most frequent first. */
function reasonSummary(items: ReturnRowFieldsFragment["items"], label: (reason: ReturnReason) => string): string {
  const counts = new Map<ReturnReason, number>();
  for (const item of items) counts.set(item.reason, (counts.get(item.reason) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} × ${label(reason)}`).join(", ");
}

export function ReturnsPage() {
  const { t, number } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter, scope } = useMerchantScope();
  const showMerchant = isOperator(user.role) && !merchantFilter;
  const { view, show } = useAddressView(useMemo(() => returnFilters, []));
  const { first, pager } = useLoadMore();
  const statuses = view.status === "" ? null : view.status === "OPEN" ? OPEN_STATUSES : [view.status];
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ReturnsQuery,
    variables: {
      first,
      filter: {
        merchantId: merchantFilter,
        status: statuses,
        reason: view.reason ? [view.reason] : null,
        grade: view.grade ? [view.grade] : null,
        disposition: view.disposition ? [view.disposition] : null,
      },
    },
  });
  // Unidentified parcels belong to no merchant yet: only the fulfillment center's unscoped view hears of them.
  useLiveRefetch(["RETURN"], () => refetch({ requestPolicy: "network-only" }), (event) => scope === "all" || event.merchantId === scope);
  const rows = data?.returns.edges.map((e) => e.node) ?? [];

  const columns: (Column<ReturnRowFieldsFragment> | false)[] = [
    { key: "number", header: t("returns.number"), cell: (r) => <Link to={`/returns/${encodeURIComponent(r.id)}`}>{r.number}</Link> },
    showMerchant && { key: "merchant", header: t("products.merchant"), cell: (r) => r.merchant?.code ?? t("returns.unidentified") },
    { key: "status", header: t("returns.status"), cell: (r) => <ReturnStatusBadge status={r.status} /> },
    { key: "order", header: t("returns.order"), cell: (r) => r.orderNumber ?? "—" },
    { key: "items", header: t("returns.items"), className: "num", cell: (r) => number(r.items.length) },
    { key: "inspected", header: t("returns.inspected"), className: "num", cell: (r) => number(r.items.filter((i) => i.grade).length) },
    { key: "reasons", header: t("returns.reasons"), cell: (r) => reasonSummary(r.items, (reason) => t(`return.reason.${reason}`)) || "—" },
    { key: "createdAt", header: t("returns.createdAt"), cell: (r) => <Time value={r.createdAt} mode="smart" /> },
  ];

  const choice = <V extends string>(values: readonly V[], label: (value: V) => string) => [
    { value: "" as const, label: t("returns.all") },
    ...values.map((value) => ({ value, label: label(value) })),
  ];

  return (
    <ListPage
      title={t("returns.title")}
      subtitle={t("returns.subtitle")}
      total={data && t("returns.total", { count: data.returns.totalCount })}
      result={{ fetching, error, loaded: !!data }}
      rows={rows}
      columns={columns}
      rowKey={(r) => r.id}
      rowProps={(r) => ({ "data-number": r.number })}
      empty={t("returns.empty")}
      pager={pager(data?.returns.pageInfo.hasNextPage)}
    >
      <FilterBar label={t("returns.filters")}>
        <SelectFilter
          id="return-status"
          label={t("returns.status")}
          value={view.status}
          onChange={(status) => show({ ...view, status })}
          options={[{ value: "", label: t("returns.all") }, { value: "OPEN", label: t("returns.statusOpen") }, ...ALL_STATUSES.map((s) => ({ value: s, label: t(`return.status.${s}`) }))]}
        />
        <SelectFilter id="return-reason" label={t("returns.reason")} value={view.reason} onChange={(reason) => show({ ...view, reason })} options={choice(REASONS, (r) => t(`return.reason.${r}`))} />
        <SelectFilter id="return-grade" label={t("returns.grade")} value={view.grade} onChange={(grade) => show({ ...view, grade })} options={choice(GRADES, (g) => t(`return.grade.${g}`))} />
        <SelectFilter
          id="return-disposition"
          label={t("returns.disposition")}
          value={view.disposition}
          onChange={(disposition) => show({ ...view, disposition })}
          options={choice(DISPOSITIONS, (d) => t(`return.disposition.${d}`))}
        />
      </FilterBar>
    </ListPage>
  );
}
