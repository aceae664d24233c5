import { useState } from "react";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { useSignedIn } from "../auth/AuthProvider";
import { can } from "../auth/permissions";
import { ConfirmButton } from "../components/ConfirmButton";
import { NotFoundPage } from "../components/StatusPages";
import { Alert, PageHeader, Time } from "../components/ui";
import { useI18n } from "../i18n";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { PicklistCancelMutation, PicklistQuery } from "./operations";
import { pickersOf, PicklistStatusBadge, progressOf, ProgressBar } from "./PicklistBits";
import "./picking.css";

/** One picklist, live: its orders by tote and its lines in walking order, with what is picked and short. */
export function PicklistDetailPage() {
  const { t, number } = useI18n();
  const { id = "" } = useParams();
  const { user } = useSignedIn();
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: PicklistQuery, variables: { id } });
  const [{ fetching: cancelling }, cancel] = useMutation(PicklistCancelMutation);
  useLiveRefetch(["PICKLIST", "ORDER"], () => refetch({ requestPolicy: "network-only" }), (event) => event.topic === "ORDER" || event.entityId === id);
  const picklist = data?.node?.__typename === "Picklist" ? data.node : null;

  if (fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (error && !data) return <Alert kind="error">{t("app.error", { message: error.message })}</Alert>;
  if (!picklist) return <NotFoundPage />;

  const progress = progressOf(picklist.lines);
  const pickers = pickersOf(picklist.lines);
  return (
    <section className="picklist-detail">
      <p className="breadcrumb">
        <Link to="/picklists">{t("picklists.back")}</Link>
      </p>
      <PageHeader title={t("picklist.title", { number: picklist.number })} subtitle={picklist.warehouse ? `${picklist.warehouse.code} · ${picklist.warehouse.name}` : undefined}>
        <PicklistStatusBadge status={picklist.status} />
        {picklist.status === "OPEN" && can(user.role, "picklists:write") && (
          <ConfirmButton
            label={t("picklists.cancel")}
            target={picklist.number}
            question={t("picklists.cancelQuestion", { number: picklist.number })}
            busy={cancelling}
            run={async () => (await cancel({ input: { picklistId: picklist.id } })).data?.picklistCancel}
            done={t("picklists.cancelled", { number: picklist.number })}
            onDone={(text, ok) => setNotice({ text, ok })}
          />
        )}
      </PageHeader>
      {notice && <Alert kind={notice.ok ? "success" : "error"}>{notice.text}</Alert>}
      <dl className="card facts picklist-facts">
        <div>
          <dt>{t("picklists.progress")}</dt>
          <dd>
            <ProgressBar progress={progress} label={t("picklists.progressOf", { number: picklist.number })} />{" "}
            {t("picklist.linesDone", { done: progress.linesDone, total: progress.lines })}
          </dd>
        </div>
        <div>
          <dt>{t("picklists.picker")}</dt>
          <dd>{pickers.join(", ") || "—"}</dd>
        </div>
        <div>
          <dt>{t("picklists.createdAt")}</dt>
          <dd>
            <Time value={picklist.createdAt} />
          </dd>
        </div>
        {picklist.startedAt && (
          <div>
            <dt>{t("picklist.startedAt")}</dt>
            <dd>
              <Time value={picklist.startedAt} />
            </dd>
          </div>
        )}
        {picklist.completedAt && (
          <div>
            <dt>{t("picklist.completedAt")}</dt>
            <dd>
              <Time value={picklist.completedAt} />
            </dd>
          </div>
        )}
      </dl>

      <h2 className="section-title">{t("picklist.totes")}</h2>
      <ul className="tote-list" aria-label={t("picklist.totes")}>
        {picklist.orders.map((o) => (
          <li key={o.orderNumber} className={o.active || picklist.status === "PICKED" ? undefined : "tote--left"}>
            <span className="tote-badge">{t("picklist.tote", { tote: o.tote })}</span> <strong>{o.orderNumber}</strong>{" "}
            {o.order && <span className="muted">{t(`orderStatus.${o.order.status}`)}</span>}
            {!o.active && picklist.status !== "PICKED" && <span className="muted"> · {t("picklist.orderLeft")}</span>}
          </li>
        ))}
      </ul>

      <h2 className="section-title">{t("picklist.lines")}</h2>
      <div className="table-scroll">
        <table className="table picklist-lines" aria-label={t("picklist.lines")}>
          <thead>
            <tr>
              <th className="num">#</th>
              <th>{t("picklist.bin")}</th>
              <th>{t("picklist.sku")}</th>
              <th>{t("picklist.product")}</th>
              <th className="num">{t("picklist.quantity")}</th>
              <th className="num">{t("picklist.picked")}</th>
              <th className="num">{t("picklist.short")}</th>
              <th>{t("picklist.totes")}</th>
              <th>{t("picklists.picker")}</th>
            </tr>
          </thead>
          <tbody>
            {picklist.lines.map((line) => (
              <tr key={line.id} data-sku={line.sku} className={line.remaining === 0 ? "line--done" : undefined}>
                <td className="num">{line.position}</td>
                <td>{line.binCode ?? t("picklist.noBin")}</td>
                <td>{line.sku}</td>
                <td>{line.name}</td>
                <td className="num">{number(line.quantity)}</td>
                <td className="num">{number(line.picked)}</td>
                <td className="num">{number(line.short)}</td>
                <td>{line.picks.map((p) => t("picklist.toteUnits", { tote: p.tote, units: p.quantity })).join(", ")}</td>
                <td>{line.pickerName ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
