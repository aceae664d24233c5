import { useMemo, useState } from "react";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { useSignedIn } from "../auth/AuthProvider";
import { can } from "../auth/permissions";
import { ConfirmButton } from "../components/ConfirmButton";
import { choiceField, filtersCodec } from "../components/list/address";
import { FilterBar, SelectFilter } from "../components/list/Filters";
import { ListPage, useLoadMore, type Column } from "../components/list/ListPage";
import { useAddressView } from "../components/list/useAddressView";
import { Alert, Time } from "../components/ui";
import type { PicklistFieldsFragment, PicklistStatus } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { PicklistCancelMutation, PicklistsQuery } from "./operations";
import { pickersOf, PICKLIST_STATUSES, PicklistStatusBadge, progressOf, ProgressBar } from "./PicklistBits";
import "./picking.css";

type StatusChoice = "ACTIVE" | PicklistStatus;
const STATUS_CHOICES: readonly StatusChoice[] = ["ACTIVE", ...PICKLIST_STATUSES];
const ACTIVE: PicklistStatus[] = ["OPEN", "PICKING"];

/** The picklists' filter in the address: `status` (ACTIVE by default: open or being picked; `all` for every one). */
const picklistFilters = filtersCodec({ status: choiceField("status", STATUS_CHOICES, "ACTIVE") });

/** Every picklist of the floor, live: what waits for a picker, what is being picked and how far, what is done. */
export function PicklistsPage() {
  const { t, number } = useI18n();
  const { user } = useSignedIn();
  const canWrite = can(user.role, "picklists:write");
  const { view, show } = useAddressView(useMemo(() => picklistFilters, []));
  const { first, pager } = useLoadMore();
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const statuses = view.status === "" ? null : view.status === "ACTIVE" ? ACTIVE : [view.status];
  const [{ data, error, fetching }, refetch] = useQuery({ query: PicklistsQuery, variables: { first, filter: { status: statuses } } });
  const [{ fetching: cancelling }, cancel] = useMutation(PicklistCancelMutation);
  useLiveRefetch(["PICKLIST"], () => refetch({ requestPolicy: "network-only" }));
  const picklists = data?.picklists.edges.map((e) => e.node) ?? [];

  const columns: (Column<PicklistFieldsFragment> | false)[] = [
    { key: "number", header: t("picklists.number"), cell: (p) => <Link to={`/picklists/${encodeURIComponent(p.id)}`}>{p.number}</Link> },
    { key: "status", header: t("picklists.status"), cell: (p) => <PicklistStatusBadge status={p.status} /> },
    { key: "warehouse", header: t("picklists.warehouse"), cell: (p) => p.warehouse?.code ?? "—" },
    { key: "orders", header: t("picklists.orders"), className: "num", cell: (p) => number(ACTIVE.includes(p.status) ? p.orders.filter((o) => o.active).length : p.orders.length) },
    { key: "lines", header: t("picklists.lines"), className: "num", cell: (p) => number(p.lines.length) },
    { key: "progress", header: t("picklists.progress"), cell: (p) => <ProgressBar progress={progressOf(p.lines)} label={t("picklists.progressOf", { number: p.number })} /> },
    { key: "picker", header: t("picklists.picker"), cell: (p) => pickersOf(p.lines).join(", ") || "—" },
    { key: "createdAt", header: t("picklists.createdAt"), cell: (p) => <Time value={p.createdAt} mode="smart" /> },
    canWrite && {
      key: "actions",
      header: t("users.actions"),
      className: "no-print",
      cell: (p) =>
        p.status === "OPEN" && (
          <ConfirmButton
            label={t("picklists.cancel")}
            target={p.number}
            question={t("picklists.cancelQuestion", { number: p.number })}
            busy={cancelling}
            run={async () => (await cancel({ input: { picklistId: p.id } })).data?.picklistCancel}
            done={t("picklists.cancelled", { number: p.number })}
            onDone={(text, ok) => setNotice({ text, ok })}
          />
        ),
    },
  ];

  return (
    <ListPage
      title={t("picklists.title")}
      subtitle={t("picklists.subtitle")}
      total={data && t("picklists.total", { count: data.picklists.totalCount })}
      actions={
        canWrite && (
          <Link className="button button--primary" to="/picklists/new">
            {t("picklists.create")}
          </Link>
        )
      }
      result={{ fetching, error, loaded: !!data }}
      rows={picklists}
      columns={columns}
      rowKey={(p) => p.id}
      rowProps={(p) => ({ "data-number": p.number, "data-status": p.status })}
      empty={t("picklists.empty")}
      pager={pager(data?.picklists.pageInfo.hasNextPage)}
    >
      {notice && <Alert kind={notice.ok ? "success" : "error"}>{notice.text}</Alert>}
      <FilterBar label={t("picklists.filters")}>
        <SelectFilter
          id="picklist-status"
          label={t("picklists.status")}
          value={view.status}
          onChange={(status) => show({ ...view, status })}
          options={[
            { value: "ACTIVE", label: t("picklists.statusActive") },
            { value: "", label: t("picklists.statusAll") },
            ...PICKLIST_STATUSES.map((s) => ({ value: s, label: t(`picklist.status.${s}`) })),
          ]}
        />
      </FilterBar>
    </ListPage>
  );
}
