import { useMemo } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { useSignedIn } from "../auth/AuthProvider";
import { can, isOperator } from "../auth/permissions";
import { choiceField, filtersCodec, textField } from "../components/list/address";
import { FilterBar, SelectFilter, TextFilter } from "../components/list/Filters";
import { ListPage, useLoadMore, type Column } from "../components/list/ListPage";
import { useAddressView } from "../components/list/useAddressView";
import { Time } from "../components/ui";
import type { InboundFieldsFragment, InboundStatus } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useMerchantScope } from "../shell/MerchantScope";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { ALL_STATUSES, InboundStatusBadge, OPEN_STATUSES, sumLines } from "./InboundStatus";
import { InboundsQuery } from "./operations";

type StatusChoice = "OPEN" | InboundStatus;
const STATUS_CHOICES: readonly StatusChoice[] = ["OPEN", ...ALL_STATUSES];

/** The deliveries' filters in the address: `q`, `status` (OPEN or one status; `all` where the default is OPEN). */
export function inboundFilters(startOpen: boolean) {
  return filtersCodec({ search: textField("q"), status: choiceField("status", STATUS_CHOICES, startOpen ? "OPEN" : "") });
}

export function InboundsPage() {
  const { t, number } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter, scope } = useMerchantScope();
  const canAnnounce = can(user.role, "inbounds:write");
  const canReceive = can(user.role, "inbounds:receive");
  const showMerchant = isOperator(user.role) && !merchantFilter;
  // The warehouse starts with what is still to be received.
  const warehouse = canReceive && !canAnnounce;
  const { view, show } = useAddressView(useMemo(() => inboundFilters(warehouse), [warehouse]));
  const { first, pager } = useLoadMore();
  const statuses = view.status === "" ? null : view.status === "OPEN" ? OPEN_STATUSES : [view.status];
  const [{ data, error, fetching }, refetch] = useQuery({
    query: InboundsQuery,
    variables: { first, filter: { merchantId: merchantFilter, status: statuses, search: view.search.trim() || null } },
  });
  useLiveRefetch(["INBOUND"], () => refetch({ requestPolicy: "network-only" }), (event) => scope === "all" || event.merchantId === scope);
  const inbounds = data?.inbounds.edges.map((e) => e.node) ?? [];

  const columns: (Column<InboundFieldsFragment> | false)[] = [
    { key: "reference", header: t("inbounds.reference"), cell: (i) => <Link to={`/inbounds/${encodeURIComponent(i.id)}`}>{i.reference}</Link> },
    showMerchant && { key: "merchant", header: t("products.merchant"), cell: (i) => i.merchant?.code ?? "—" },
    { key: "status", header: t("inbounds.status"), cell: (i) => <InboundStatusBadge status={i.status} /> },
    { key: "expectedOn", header: t("inbounds.expectedOn"), cell: (i) => (i.expectedOn ? <Time value={i.expectedOn} mode="date" /> : "—") },
    { key: "expected", header: t("inbounds.expected"), className: "num", cell: (i) => number(sumLines(i.lines).expected) },
    { key: "received", header: t("inbounds.received"), className: "num", cell: (i) => number(sumLines(i.lines).received) },
    { key: "damaged", header: t("inbounds.damaged"), className: "num", cell: (i) => number(sumLines(i.lines).damaged) },
    { key: "createdAt", header: t("inbounds.createdAt"), cell: (i) => <Time value={i.createdAt} mode="smart" /> },
    canReceive && {
      key: "actions",
      header: t("users.actions"),
      className: "no-print",
      cell: (i) =>
        OPEN_STATUSES.includes(i.status) && (
          <Link className="button button--small" to={`/inbounds/${encodeURIComponent(i.id)}/receive`} aria-label={`${t("inbounds.receive")}: ${i.reference}`}>
            {t("inbounds.receive")}
          </Link>
        ),
    },
  ];

  return (
    <ListPage
      title={t("inbounds.title")}
      subtitle={t(warehouse ? "inbounds.subtitleWarehouse" : "inbounds.subtitle")}
      total={data && t("inbounds.total", { count: data.inbounds.totalCount })}
      actions={
        canAnnounce && (
          <Link className="button button--primary" to="/inbounds/new">
            {t("inbounds.create")}
          </Link>
        )
      }
      result={{ fetching, error, loaded: !!data }}
      rows={inbounds}
      columns={columns}
      rowKey={(i) => i.id}
      rowProps={(i) => ({ "data-reference": i.reference })}
      empty={t("inbounds.empty")}
      pager={pager(data?.inbounds.pageInfo.hasNextPage)}
    >
      <FilterBar label={t("inbounds.filters")}>
        <TextFilter id="inbound-search" label={t("inbounds.search")} value={view.search} onCommit={(search) => show({ ...view, search }, true)} />
        <SelectFilter
          id="inbound-status"
          label={t("inbounds.status")}
          value={view.status}
          onChange={(status) => show({ ...view, status })}
          options={[
            { value: "", label: t("inbounds.statusAll") },
            { value: "OPEN", label: t("inbounds.statusOpen") },
            ...ALL_STATUSES.map((s) => ({ value: s, label: t(`inbound.status.${s}`) })),
          ]}
        />
      </FilterBar>
    </ListPage>
  );
}
