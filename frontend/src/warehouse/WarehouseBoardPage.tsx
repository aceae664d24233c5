import { useEffect, useId, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { useQuery } from "urql";
import { Alert, PageHeader } from "../components/ui";
import type { WarehouseBoardFiguresFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { cutoffLevel, formatCountdown, isTomorrow, secondsLeft } from "./boardFigures";
import { BoardWarehousesQuery, WarehouseBoardQuery } from "./operations";
import { useWarehouseBoardLive } from "./useWarehouseBoardLive";
import "./warehouseBoard.css";

type Cutoff = WarehouseBoardFiguresFragment["cutoffs"][number];

function Figure({ label, value, note, level }: { label: MessageKey; value: number; note?: string; level?: string }) {
  const { t, number } = useI18n();
  const id = useId();
  return (
    <li className={`board-figure${level ? ` board-figure--${level}` : ""}`} role="group" aria-labelledby={id}>
      <p className="board-figure-label" id={id}>
        {t(label)}
      </p>
      <p className="board-figure-value" data-value={value}>
        {number(value)}
      </p>
      {note && <p className="board-figure-note">{note}</p>}
    </li>
  );
}

/** One carrier's cut-off, counting down every second between the server's pushes. */
function CutoffRow({ cutoff, timezone, now }: { cutoff: Cutoff; timezone: string; now: number }) {
  const { t, number } = useI18n();
  const seconds = secondsLeft(cutoff.nextCutoffAt, now);
  const level = cutoffLevel(seconds, cutoff.ordersLeft);
  return (
    <tr className={`board-cutoff board-cutoff--${level}`} data-carrier={cutoff.carrier}>
      <th scope="row">{cutoff.carrier}</th>
      <td>
        {cutoff.cutoffLocalTime}
        {isTomorrow(cutoff.nextCutoffAt, now, timezone) && <span className="board-tomorrow"> {t("board.tomorrow")}</span>}
      </td>
      <td className="board-countdown" data-seconds={seconds}>
        {formatCountdown(seconds)}
      </td>
      <td className="board-left">{number(cutoff.ordersLeft)}</td>
      <td className="board-split">
        {t("board.cutoffSplit", { ready: cutoff.ready, picking: cutoff.picking, packed: cutoff.packed })}
      </td>
    </tr>
  );
}

function Cutoffs({ figures }: { figures: WarehouseBoardFiguresFragment }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (figures.cutoffs.length === 0) return <p className="board-empty">{t("board.noCutoffs")}</p>;
  return (
    <div className="board-cutoffs-frame">
    <table className="board-cutoffs" aria-label={t("board.cutoffs")}>
      <thead>
        <tr>
          <th scope="col">{t("board.carrier")}</th>
          <th scope="col">{t("board.cutoffAt")}</th>
          <th scope="col">{t("board.timeLeft")}</th>
          <th scope="col">{t("board.ordersLeft")}</th>
          <th scope="col">{t("board.ofWhich")}</th>
        </tr>
      </thead>
      <tbody>
        {figures.cutoffs.map((cutoff) => (
          <CutoffRow key={cutoff.carrier} cutoff={cutoff} timezone={figures.timezone} now={now} />
        ))}
      </tbody>
    </table>
    </div>
  );
}

function Board({ figures }: { figures: WarehouseBoardFiguresFragment }) {
  const { t } = useI18n();
  return (
    <>
      <ul className="board-figures" aria-label={t("board.figures")}>
        <Figure label="board.ready" value={figures.ready} />
        <Figure label="board.picking" value={figures.picking} note={t("board.unitsToPick", { count: figures.unitsToPick })} />
        <Figure label="board.packed" value={figures.packed} />
        <Figure label="board.shippedToday" value={figures.shippedToday} note={t("board.parcels", { count: figures.parcelsShippedToday })} level="done" />
      </ul>
      <ul className="board-figures board-figures--small" aria-label={t("board.more")}>
        <Figure label="board.awaitingPickup" value={figures.awaitingPickup} />
        <Figure label="board.backordered" value={figures.backordered} level={figures.backordered ? "warn" : undefined} />
        <Figure label="board.shortToday" value={figures.shortUnitsToday} level={figures.shortUnitsToday ? "warn" : undefined} />
      </ul>
      <h2 className="board-heading">{t("board.cutoffs")}</h2>
      <Cutoffs figures={figures} />
    </>
  );
}

/** The screen on the warehouse wall: the floor's figures in large type, live, and every carrier's cut-off. */
export function WarehouseBoardPage() {
  const { t, time } = useI18n();
  const [params, setParams] = useSearchParams();
  const [{ data: warehouses, error: listError }] = useQuery({ query: BoardWarehousesQuery });
  const active = (warehouses?.warehouses ?? []).filter((w) => w.isActive);
  const chosen = active.find((w) => w.code === params.get("warehouse")) ?? active[0] ?? null;
  const warehouseId = chosen?.id ?? null;
  const [{ data: first, error: firstError }] = useQuery({
    query: WarehouseBoardQuery,
    variables: { warehouseId: warehouseId ?? "" },
    pause: !warehouseId,
  });
  const live = useWarehouseBoardLive(warehouseId);
  const figures = live.figures ?? (first?.warehouseBoard.warehouseId === warehouseId ? first?.warehouseBoard : null) ?? null;
  // When these figures arrived (this browser's clock): the board says how fresh it is.
  const arrivedAt = useMemo(() => (figures ? new Date().toISOString() : null), [figures]);
  const error = live.error ?? firstError?.message ?? listError?.message ?? null;

  return (
    <section className="board" aria-busy={!figures}>
      <PageHeader title={chosen ? t("board.titleOf", { warehouse: chosen.name }) : t("board.title")}
        subtitle={arrivedAt ? t("board.updated", { time: time(arrivedAt) }) : undefined}>
        {active.length > 1 && (
          <label className="board-choice">
            {t("board.warehouse")}{" "}
            <select value={chosen?.code ?? ""} onChange={(event) => setParams({ warehouse: event.target.value })}>
              {active.map((w) => (
                <option key={w.id} value={w.code}>
                  {w.code} · {w.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" className="button" onClick={() => void document.documentElement.requestFullscreen?.()}>
          {t("board.fullScreen")}
        </button>
      </PageHeader>
      {error && <Alert kind="error">{t("app.error", { message: error })}</Alert>}
      {warehouses && active.length === 0 && <p className="board-empty">{t("board.noWarehouse")}</p>}
      {figures && <Board figures={figures} />}
    </section>
  );
}
