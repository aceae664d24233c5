import { useState } from "react";
import { Link } from "react-router";
import { useQuery } from "urql";
import { InboundsQuery } from "./operations";
import { useSignedIn } from "../auth/AuthProvider";
import { can, isOperator } from "../auth/permissions";
import { ALL_STATUSES, InboundStatusBadge, OPEN_STATUSES, sumLines } from "./InboundStatus";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { Alert, PageHeader, Time } from "../components/ui";
import type { InboundStatus } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useMerchantScope } from "../shell/MerchantScope";

const PAGE = 50;

export function InboundsPage() {
  const { t, number } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter, scope } = useMerchantScope();
  const canAnnounce = can(user.role, "inbounds:write");
  const canReceive = can(user.role, "inbounds:receive");
  const showMerchant = isOperator(user.role) && !merchantFilter;
  // The warehouse starts with what is still to be received.
  const [status, setStatus] = useState<"" | "OPEN" | InboundStatus>(canReceive && !canAnnounce ? "OPEN" : "");
  const [search, setSearch] = useState("");
  const [first, setFirst] = useState(PAGE);
  const statuses = status === "" ? null : status === "OPEN" ? OPEN_STATUSES : [status];
  const [{ data, error, fetching }, refetch] = useQuery({
    query: InboundsQuery,
    variables: { first, filter: { merchantId: merchantFilter, status: statuses, search: search.trim() || null } },
  });
  useLiveRefetch(["INBOUND"], () => refetch({ requestPolicy: "network-only" }), (event) => scope === "all" || event.merchantId === scope);
  const inbounds = data?.inbounds.edges.map((e) => e.node) ?? [];

  return (
    <section>
      <PageHeader title={t("inbounds.title")} subtitle={t(canReceive && !canAnnounce ? "inbounds.subtitleWarehouse" : "inbounds.subtitle")}>
        {data && <span className="badge">{t("inbounds.total", { count: data.inbounds.totalCount })}</span>}
        {canAnnounce && (
          <Link className="button button--primary" to="/inbounds/new">
            {t("inbounds.create")}
          </Link>
        )}
      </PageHeader>
      <form className="toolbar" role="search" aria-label={t("inbounds.filters")} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="inbound-search">{t("inbounds.search")}</label>
          <input id="inbound-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="inbound-status">{t("inbounds.status")}</label>
          <select id="inbound-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">{t("inbounds.statusAll")}</option>
            <option value="OPEN">{t("inbounds.statusOpen")}</option>
            {ALL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`inbound.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {error && !data && <Alert kind="error">{t("app.error", { message: error.message })}</Alert>}
      {fetching && !data ? (
        <p className="empty">{t("app.loading")}</p>
      ) : inbounds.length === 0 ? (
        <p className="empty">{t("inbounds.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={t("inbounds.title")}>
            <thead>
              <tr>
                <th scope="col">{t("inbounds.reference")}</th>
                {showMerchant && <th scope="col">{t("products.merchant")}</th>}
                <th scope="col">{t("inbounds.status")}</th>
                <th scope="col">{t("inbounds.expectedOn")}</th>
                <th scope="col" className="num">{t("inbounds.expected")}</th>
                <th scope="col" className="num">{t("inbounds.received")}</th>
                <th scope="col" className="num">{t("inbounds.damaged")}</th>
                <th scope="col">{t("inbounds.createdAt")}</th>
                {canReceive && <th scope="col" className="no-print">{t("users.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {inbounds.map((inbound) => {
                const sums = sumLines(inbound.lines);
                return (
                  <tr key={inbound.id} data-reference={inbound.reference}>
                    <td data-label={t("inbounds.reference")}>
                      <Link to={`/inbounds/${encodeURIComponent(inbound.id)}`}>{inbound.reference}</Link>
                    </td>
                    {showMerchant && <td data-label={t("products.merchant")}>{inbound.merchant?.code ?? "—"}</td>}
                    <td data-label={t("inbounds.status")}>
                      <InboundStatusBadge status={inbound.status} />
                    </td>
                    <td data-label={t("inbounds.expectedOn")}>{inbound.expectedOn ? <Time value={inbound.expectedOn} mode="date" /> : "—"}</td>
                    <td className="num" data-label={t("inbounds.expected")}>{number(sums.expected)}</td>
                    <td className="num" data-label={t("inbounds.received")}>{number(sums.received)}</td>
                    <td className="num" data-label={t("inbounds.damaged")}>{number(sums.damaged)}</td>
                    <td data-label={t("inbounds.createdAt")}>
                      <Time value={inbound.createdAt} mode="smart" />
                    </td>
                    {canReceive && (
                      <td data-label={t("users.actions")} className="no-print">
                        {OPEN_STATUSES.includes(inbound.status) && (
                          <Link className="button button--small" to={`/inbounds/${encodeURIComponent(inbound.id)}/receive`} aria-label={`${t("inbounds.receive")}: ${inbound.reference}`}>
                            {t("inbounds.receive")}
                          </Link>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {data?.inbounds.pageInfo.hasNextPage && (
        <button type="button" className="button load-more" onClick={() => setFirst((n) => Math.min(n + PAGE, 100))} disabled={first >= 100}>
          {t("list.loadMore")}
        </button>
      )}
    </section>
  );
}
