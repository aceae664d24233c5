import { useState } from "react";
import { Link, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { useSignedIn } from "../auth/AuthProvider";
import { can } from "../auth/permissions";
import { ConfirmButton } from "../components/ConfirmButton";
import { NotFoundPage } from "../components/StatusPages";
import { Alert, PageHeader, Time } from "../components/ui";
import type { ReturnQuery as ReturnQueryResult } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { ReturnStatusBadge } from "./ReturnStatus";
import { ReturnCancelMutation, ReturnCompleteMutation, ReturnQuery } from "./operations";

type ReturnNode = Extract<NonNullable<ReturnQueryResult["node"]>, { __typename: "Return" }>;
type Item = ReturnNode["items"][number];

function Photos({ item, sku }: { item: Item; sku: string }) {
  const { t } = useI18n();
  if (item.photos.length === 0) return <span className="muted">{t("return.noPhotos")}</span>;
  return (
    <ul className="return-photos" aria-label={t("return.photosOf", { sku })}>
      {item.photos.map((photo, index) => (
        <li key={photo.id}>
          {/* The links are signed for five minutes; the page fetches fresh ones with every change. */}
          <a href={photo.url} target="_blank" rel="noreferrer noopener">
            <img src={photo.thumbnailUrl ?? photo.url} alt={t("return.photoN", { n: index + 1, sku })} width={160} height={Math.round((160 * photo.height) / photo.width)} loading="lazy" />
          </a>
        </li>
      ))}
    </ul>
  );
}

function Outcome({ item }: { item: Item }) {
  const { t } = useI18n();
  if (!item.disposition) return <span className="muted">{t("return.notInspected")}</span>;
  const where =
    item.disposition === "RESTOCK" && item.location
      ? t("return.intoBin", { bin: item.location.code })
      : item.disposition === "RETURN_TO_MERCHANT" && item.batch
        ? t("return.inBatch", { batch: item.batch.number })
        : "";
  return (
    <>
      <span className={`tag tag--${item.disposition.toLowerCase()}`}>{t(`return.disposition.${item.disposition}`)}</span> {where}
    </>
  );
}

function ItemsTable({ items }: { items: readonly Item[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" aria-label={t("return.items")}>
        <thead>
          <tr>
            <th scope="col">{t("inbounds.product")}</th>
            <th scope="col">{t("returns.reason")}</th>
            <th scope="col">{t("returns.grade")}</th>
            <th scope="col">{t("returns.disposition")}</th>
            <th scope="col">{t("return.feedback")}</th>
            <th scope="col">{t("return.photos")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const sku = item.product?.sku ?? "—";
            return (
              <tr key={item.id} data-item={item.id} data-sku={sku}>
                <td data-label={t("inbounds.product")}>{item.product ? `${item.product.sku} · ${item.product.name}` : "—"}</td>
                <td data-label={t("returns.reason")}>
                  {t(`return.reason.${item.reason}`)}
                  {item.customerComment && (
                    <div className="muted">
                      <q>{item.customerComment}</q>
                    </div>
                  )}
                </td>
                <td data-label={t("returns.grade")} data-testid={`grade-${item.position}`}>
                  {item.grade ? t(`return.grade.${item.grade}`) : "—"}
                </td>
                <td data-label={t("returns.disposition")}>
                  <Outcome item={item} />
                </td>
                <td data-label={t("return.feedback")}>{item.feedback || "—"}</td>
                <td data-label={t("return.photos")}>
                  <Photos item={item} sku={sku} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function ReturnDetailPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const { user } = useSignedIn();
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReturnQuery, variables: { id } });
  const found = data?.node?.__typename === "Return" ? data.node : null;
  // Arrivals, every inspected item and every photo show up here as they happen.
  useLiveRefetch(["RETURN"], () => refetch({ requestPolicy: "network-only" }), (event) => event.entityId === id);
  const [{ fetching: completing }, complete] = useMutation(ReturnCompleteMutation);
  const [{ fetching: cancelling }, cancel] = useMutation(ReturnCancelMutation);

  if (fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (error && !data) return <Alert kind="error">{t("app.error", { message: error.message })}</Alert>;
  if (!found) return <NotFoundPage />;
  const sales = found;
  const decides = can(user.role, "returns:write");
  const inspected = sales.items.filter((item) => item.grade).length;
  const onDone = (text: string, ok: boolean) => {
    setNotice({ text, ok });
    refetch({ requestPolicy: "network-only" });
  };

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/returns">{t("returns.back")}</Link>
      </p>
      <PageHeader title={t("return.title", { number: sales.number })} subtitle={sales.merchant ? `${sales.merchant.code} · ${sales.merchant.name}` : t("returns.unidentified")}>
        <ReturnStatusBadge status={sales.status} />
      </PageHeader>
      {decides && (sales.status === "INSPECTED" || sales.status === "ANNOUNCED") && (
        <div className="actions no-print" role="group" aria-label={t("products.actions")}>
          {sales.status === "INSPECTED" && (
            <ConfirmButton
              label={t("return.complete")}
              target={sales.number}
              question={t("return.completeConfirm", { number: sales.number })}
              busy={completing}
              run={async () => (await complete({ input: { returnId: id } })).data?.returnComplete}
              done={t("return.completed", { number: sales.number })}
              onDone={onDone}
            />
          )}
          {sales.status === "ANNOUNCED" && (
            <ConfirmButton
              label={t("return.cancel")}
              target={sales.number}
              question={t("return.cancelConfirm", { number: sales.number })}
              busy={cancelling}
              run={async () => (await cancel({ input: { returnId: id } })).data?.returnCancel}
              done={t("return.cancelled", { number: sales.number })}
              onDone={onDone}
            />
          )}
        </div>
      )}
      {notice && <Alert kind={notice.ok ? "success" : "error"}>{notice.text}</Alert>}

      <dl className="facts facts--inline card">
        <dt>{t("returns.order")}</dt>
        <dd data-testid="return-order">{sales.orderNumber ?? "—"}</dd>
        <dt>{t("return.source")}</dt>
        <dd>{t(`return.source.${sales.source}`)}</dd>
        <dt>{t("stock.warehouse")}</dt>
        <dd>{sales.warehouse ? `${sales.warehouse.code} · ${sales.warehouse.name}` : "—"}</dd>
        <dt>{t("inbounds.trackingNumber")}</dt>
        <dd>{sales.trackingNumber || sales.scannedCode || "—"}</dd>
        <dt>{t("returns.createdAt")}</dt>
        <dd>
          <Time value={sales.createdAt} />
        </dd>
        <dt>{t("return.receivedAt")}</dt>
        <dd>{sales.receivedAt ? <Time value={sales.receivedAt} /> : "—"}</dd>
        <dt>{t("returns.inspected")}</dt>
        <dd data-testid="return-inspected">{t("return.inspectedCount", { done: inspected, count: sales.items.length })}</dd>
        {sales.note && (
          <>
            <dt>{t("inbounds.note")}</dt>
            <dd>{sales.note}</dd>
          </>
        )}
        {sales.cancelReason && (
          <>
            <dt>{t("return.cancelReason")}</dt>
            <dd>{sales.cancelReason}</dd>
          </>
        )}
      </dl>
      {sales.items.length > 0 ? <ItemsTable items={sales.items} /> : <p className="empty">{t("return.noItems")}</p>}
    </section>
  );
}
