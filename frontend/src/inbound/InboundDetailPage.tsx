import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { InboundCancelMutation, InboundCloseMutation, InboundQuery } from "./operations";
import { useSignedIn } from "../auth/AuthProvider";
import { can } from "../auth/permissions";
import { InboundStatusBadge, OPEN_STATUSES, sumLines } from "./InboundStatus";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { Alert, PageHeader, Time, useUserErrorText } from "../components/ui";
import type { InboundFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import { NotFoundPage } from "../components/StatusPages";

type Line = Omit<InboundFieldsFragment["lines"][number], "product"> & {
  product?: { id: string; sku: string; name: string } | null;
};

function Difference({ value }: { value: number }) {
  const { t, number } = useI18n();
  if (value === 0) return <span className="delta delta--zero">±0</span>;
  return (
    <span className={`delta ${value > 0 ? "delta--up" : "delta--down"}`}>
      {value > 0 ? `+${number(value)}` : number(value)} <span className="visually-hidden">({t(value > 0 ? "inbound.extra" : "inbound.missing")})</span>
    </span>
  );
}

function LinesTable({ lines, label }: { lines: readonly Line[]; label: string }) {
  const { t, number } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t("inbounds.product")}</th>
            <th scope="col" className="num">{t("inbounds.expected")}</th>
            <th scope="col" className="num">{t("inbounds.received")}</th>
            <th scope="col" className="num">{t("inbounds.damaged")}</th>
            <th scope="col" className="num">{t("inbound.difference")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, index) => (
            <tr key={line.product?.id ?? index} data-sku={line.product?.sku}>
              <td data-label={t("inbounds.product")}>
                {line.product ? (
                  <Link to={`/products/${encodeURIComponent(line.product.id)}`}>
                    {line.product.sku} · {line.product.name}
                  </Link>
                ) : (
                  "—"
                )}
                {line.unexpected && <span className="tag">{t("inbound.unexpected")}</span>}
              </td>
              <td className="num" data-label={t("inbounds.expected")}>{number(line.expectedQuantity)}</td>
              <td className="num" data-label={t("inbounds.received")}>{number(line.receivedQuantity)}</td>
              <td className="num" data-label={t("inbounds.damaged")}>{number(line.damagedQuantity)}</td>
              <td className="num" data-label={t("inbound.difference")}>
                <Difference value={line.difference} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InboundDetailPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const location = useLocation();
  const { user } = useSignedIn();
  const errorText = useUserErrorText();
  const [confirming, setConfirming] = useState<"close" | "cancel" | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(
    (location.state as { created?: boolean } | null)?.created ? { text: t("inbounds.created"), ok: true } : null,
  );
  const [{ data, fetching, error }, refetch] = useQuery({ query: InboundQuery, variables: { id } });
  const inbound = data?.node?.__typename === "Inbound" ? data.node : null;
  useLiveRefetch(["INBOUND"], () => refetch({ requestPolicy: "network-only" }), (event) => event.entityId === id);
  const [{ fetching: closing }, close] = useMutation(InboundCloseMutation);
  const [{ fetching: cancelling }, cancel] = useMutation(InboundCancelMutation);

  if (fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (error && !data) return <Alert kind="error">{t("app.error", { message: error.message })}</Alert>;
  if (!inbound) return <NotFoundPage />;

  const canReceive = can(user.role, "inbounds:receive");
  const receivable = canReceive && OPEN_STATUSES.includes(inbound.status);
  const closable = canReceive && (inbound.status === "RECEIVING" || inbound.status === "RECEIVED");
  const cancellable = can(user.role, "inbounds:write") && inbound.status === "ANNOUNCED";
  const sums = sumLines(inbound.lines);

  async function confirm() {
    const action = confirming;
    setConfirming(null);
    const result = action === "close" ? await close({ input: { inboundId: id } }) : await cancel({ input: { inboundId: id } });
    const payload = result.data && ("inboundClose" in result.data ? result.data.inboundClose : result.data.inboundCancel);
    if (payload && payload.errors.length === 0) {
      setNotice({ text: t(action === "close" ? "inbound.closedDone" : "inbound.cancelledDone", { reference: inbound!.reference }), ok: true });
      refetch({ requestPolicy: "network-only" });
    } else setNotice({ text: payload?.errors.map(errorText).join(" ") || t("app.error", { message: result.error?.message ?? "" }), ok: false });
  }

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/inbounds">{t("inbounds.back")}</Link>
      </p>
      <PageHeader title={t("inbound.title", { reference: inbound.reference })} subtitle={inbound.merchant ? `${inbound.merchant.code} · ${inbound.merchant.name}` : undefined}>
        <InboundStatusBadge status={inbound.status} />
      </PageHeader>
      <div className="actions no-print" role="group" aria-label={t("products.actions")}>
        {receivable && (
          <Link className="button button--primary" to={`/inbounds/${encodeURIComponent(id)}/receive`}>
            {t("inbounds.receive")}
          </Link>
        )}
        {closable && (
          <button type="button" className="button" onClick={() => setConfirming("close")} disabled={closing}>
            {t("inbound.close")}
          </button>
        )}
        {cancellable && (
          <button type="button" className="button button--danger-ghost" onClick={() => setConfirming("cancel")} disabled={cancelling}>
            {t("inbound.cancel")}
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm card" role="group" aria-label={t(confirming === "close" ? "inbound.closeConfirm" : "inbound.cancelConfirm")}>
          <span className="confirm-text">{t(confirming === "close" ? "inbound.closeConfirm" : "inbound.cancelConfirm")}</span>
          <button type="button" className={`button button--small ${confirming === "cancel" ? "button--danger" : "button--primary"}`} onClick={confirm}>
            {t("form.confirm")}
          </button>
          <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(null)}>
            {t("form.cancel")}
          </button>
        </div>
      )}
      {notice && <Alert kind={notice.ok ? "success" : "error"}>{notice.text}</Alert>}

      <dl className="facts facts--inline card">
        <dt>{t("stock.warehouse")}</dt>
        <dd>{inbound.warehouse ? `${inbound.warehouse.code} · ${inbound.warehouse.name}` : "—"}</dd>
        <dt>{t("inbounds.expectedOn")}</dt>
        <dd>{inbound.expectedOn ? <Time value={inbound.expectedOn} mode="date" /> : "—"}</dd>
        <dt>{t("inbounds.carrier")}</dt>
        <dd>{[inbound.carrier, inbound.trackingNumber].filter(Boolean).join(" · ") || "—"}</dd>
        <dt>{t("inbounds.createdAt")}</dt>
        <dd>
          <Time value={inbound.createdAt} />
        </dd>
        {inbound.receivedAt && (
          <>
            <dt>{t("inbound.receivedAt")}</dt>
            <dd>
              <Time value={inbound.receivedAt} />
            </dd>
          </>
        )}
        {inbound.closedAt && (
          <>
            <dt>{t("inbound.closedAt")}</dt>
            <dd>
              <Time value={inbound.closedAt} />
            </dd>
          </>
        )}
        {inbound.note && (
          <>
            <dt>{t("inbounds.note")}</dt>
            <dd>{inbound.note}</dd>
          </>
        )}
        <dt>{t("inbound.units")}</dt>
        <dd>{t("inbound.unitsSummary", sums)}</dd>
      </dl>

      {inbound.status === "CLOSED" && (
        <section aria-labelledby="discrepancies-title" className="discrepancies">
          <h2 id="discrepancies-title" className="section-title">
            {t("inbound.discrepancies")}
          </h2>
          {inbound.discrepancies.length === 0 ? (
            <Alert kind="success">{t("inbound.noDiscrepancies")}</Alert>
          ) : (
            <LinesTable lines={inbound.discrepancies} label={t("inbound.discrepancies")} />
          )}
        </section>
      )}
      <h2 className="section-title">{t("inbounds.lines")}</h2>
      <LinesTable lines={inbound.lines} label={t("inbounds.lines")} />
    </section>
  );
}
