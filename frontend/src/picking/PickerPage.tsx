import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { Alert, useUserErrorText } from "../components/ui";
import type { PicklistFieldsFragment, PicklistLineFieldsFragment, ShortReason } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { MyPicklistQuery, PicklistLineShortMutation, PicklistQuery, PicklistScanMutation, PicklistStartMutation } from "./operations";
import { feedbackOf, nextLine, normalizeScan, progressOf, serialQueue, stepOf, toteHints, type ScanFeedback } from "./picker";
import { signalScan } from "./signal";
import "./picking.css";

// The camera and its barcode reader load when the picker opens the camera, not with the page.
const CameraScanner = lazy(() => import("./CameraScanner").then((m) => ({ default: m.CameraScanner })));

/**
 * The picker app, made for a phone held in one hand: the picklist this picker is on (or the next one to start),
 * then bin by bin what to take, scanned by camera, by a keyboard-wedge scanner or typed, with sound and vibration
 * for right and wrong scans. No prices and no customer contacts: the API gives the warehouse none.
 */
export function PickerPage() {
  const [params, setParams] = useSearchParams();
  const chosen = params.get("picklist");
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyPicklistQuery, requestPolicy: "cache-and-network" });
  useLiveRefetch(["PICKLIST"], () => refetch({ requestPolicy: "network-only" }));
  const choose = useCallback((id: string | null) => setParams(id ? { picklist: id } : {}, { replace: true }), [setParams]);
  const { t } = useI18n();

  // The picklist just left is not taken up again while the answer about "mine" is still the old one.
  const [left, setLeft] = useState<string | null>(null);
  const mine = data?.myPicklist?.id && data.myPicklist.id !== left ? data.myPicklist.id : null;
  // The picklist stays in the address: the done screen remains when it is no longer "mine".
  useEffect(() => {
    if (!chosen && mine) choose(mine);
  }, [chosen, mine, choose]);
  const id = chosen ?? mine;
  const leave = () => {
    setLeft(id);
    choose(null);
    refetch({ requestPolicy: "network-only" });
  };
  if (id) return <PickRun key={id} id={id} onLeave={leave} />;
  if (fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (error && !data) return <Alert kind="error">{t("app.error", { message: error.message })}</Alert>;
  return <PickStart open={data?.openPicklists.edges.map((e) => e.node) ?? []} onStarted={choose} />;
}

type OpenPicklist = { id: string; number: string; createdAt: string; warehouse?: { code: string } | null; orders: readonly unknown[]; lines: readonly { quantity: number }[] };

function PickStart({ open, onStarted }: { open: readonly OpenPicklist[]; onStarted: (id: string) => void }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, start] = useMutation(PicklistStartMutation);
  // Oldest first: the list comes newest first.
  const waiting = [...open].reverse();

  async function take(id: string) {
    setProblem(null);
    const result = await start({ input: { picklistId: id } });
    const payload = result.data?.picklistStart;
    if (payload?.picklist && payload.errors.length === 0) onStarted(payload.picklist.id);
    else setProblem(payload?.errors[0] ? errorText(payload.errors[0]) : t("app.error", { message: result.error?.message ?? "" }));
  }

  return (
    <section className="picker picker--start">
      <h1 className="picker-title">{t("pick.title")}</h1>
      {problem && <Alert kind="error">{problem}</Alert>}
      {waiting.length === 0 ? (
        <p className="empty">{t("pick.nothingWaiting")}</p>
      ) : (
        <>
          <p className="picker-lead">{t("pick.waiting", { count: waiting.length })}</p>
          <ul className="picker-open" aria-label={t("pick.openPicklists")}>
            {waiting.map((p) => (
              <li key={p.id} className="picker-open-item">
                <span>
                  <strong>{p.number}</strong> {p.warehouse?.code}
                  <br />
                  <span className="muted">
                    {t("pick.openFigures", { orders: p.orders.length, units: p.lines.reduce((s, l) => s + l.quantity, 0) })}
                  </span>
                </span>
                <button type="button" className="button pick-button" disabled={fetching} onClick={() => take(p.id)} aria-label={t("pick.startNumber", { number: p.number })}>
                  {t("pick.start")}
                </button>
              </li>
            ))}
          </ul>
          <div className="picker-actions">
            <button type="button" className="button button--primary pick-button pick-button--wide" disabled={fetching} onClick={() => take(waiting[0]!.id)}>
              {t("pick.startNext", { number: waiting[0]!.number })}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function PickRun({ id, onLeave }: { id: string; onLeave: () => void }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PicklistQuery, variables: { id }, requestPolicy: "cache-and-network" });
  const [, scanMutation] = useMutation(PicklistScanMutation);
  const [latest, setLatest] = useState<PicklistFieldsFragment | null>(null);
  const [feedback, setFeedback] = useState<ScanFeedback | null>(null);
  const [shorting, setShorting] = useState(false);
  const [camera, setCamera] = useState(false);
  const fetched = data?.node?.__typename === "Picklist" ? data.node : null;
  useEffect(() => setLatest(fetched), [fetched]);
  useLiveRefetch(["PICKLIST"], () => refetch({ requestPolicy: "network-only" }), (event) => event.entityId === id);
  const picklist = latest ?? fetched;

  const wording = useRef(errorText);
  useEffect(() => {
    wording.current = errorText;
  });
  // One queue for the page's life: scans reach the server one at a time, in the order they were made.
  const scan = useMemo(
    () =>
      serialQueue(async (code: string) => {
        const answer = await scanMutation({ input: { picklistId: id, code } });
        const result = feedbackOf(code, answer, (e) => wording.current(e));
        const after = answer.data?.picklistScan.picklist;
        if (after) setLatest(after);
        signalScan(result.signal);
        setFeedback(result);
      }),
    [id, scanMutation],
  );

  if (fetching && !picklist) return <p className="empty">{t("app.loading")}</p>;
  if (error && !picklist) return <Alert kind="error">{t("app.error", { message: error.message })}</Alert>;
  if (!picklist) {
    return (
      <section className="picker">
        <h1 className="picker-title">{t("pick.title")}</h1>
        <Alert kind="error">{t("pick.gone")}</Alert>
        <button type="button" className="button pick-button pick-button--wide" onClick={onLeave}>
          {t("pick.back")}
        </button>
      </section>
    );
  }

  const line = picklist.status === "PICKING" || picklist.status === "OPEN" ? nextLine(picklist.lines) : null;
  const progress = progressOf(picklist.lines);
  return (
    <section className="picker" aria-labelledby="picker-title">
      <header className="picker-head">
        <h1 className="picker-title" id="picker-title">
          {t("pick.picklist", { number: picklist.number })}
        </h1>
        <div className="picker-progress" data-testid="pick-progress">
          <progress max={progress.lines || 1} value={progress.linesDone} aria-label={t("pick.progress")} />
          <span>{t("pick.linesDone", { done: progress.linesDone, total: progress.lines })}</span>
        </div>
      </header>
      <ScanMessage feedback={feedback} />
      {line ? (
        <>
          <LineCard line={line} />
          {camera && (
            <Suspense fallback={<p className="camera-note">{t("pick.cameraStarting")}</p>}>
              <CameraScanner onCode={(code) => void scan(code)} onClose={() => setCamera(false)} />
            </Suspense>
          )}
          {shorting && <ShortReport line={line} onDone={(after) => { setShorting(false); if (after) setLatest(after); }} />}
          <ScanBar
            step={stepOf(line)}
            onScan={(code) => void scan(code)}
            onCamera={() => setCamera((on) => !on)}
            camera={camera}
            onShort={() => setShorting((on) => !on)}
          />
        </>
      ) : (
        <Done picklist={picklist} onLeave={onLeave} />
      )}
    </section>
  );
}

function ScanMessage({ feedback }: { feedback: ScanFeedback | null }) {
  const { t } = useI18n();
  if (!feedback) return <div className="pick-message" aria-live="polite" />;
  const right = feedback.signal === "right";
  const text = right ? (feedback.picked > 0 ? t("pick.picked", { count: feedback.picked, code: feedback.code }) : t("pick.atBin", { code: feedback.code })) : feedback.text;
  return (
    <div className={`pick-message pick-message--${feedback.signal}`} role={right ? "status" : "alert"} data-testid="scan-message">
      <strong>{right ? t("pick.right") : t("pick.wrong", { code: feedback.code })}</strong> {text}
    </div>
  );
}

function LineCard({ line }: { line: PicklistLineFieldsFragment }) {
  const { t, number } = useI18n();
  const step = stepOf(line);
  const image = line.product?.family.images[0];
  const variant = [line.product?.size, line.product?.colour].filter(Boolean).join(" · ");
  const totes = toteHints(line);
  return (
    <article className="pick-card" aria-label={t("pick.currentLine")} data-sku={line.sku} data-step={step}>
      <div className={`pick-bin${step === "bin" ? " pick-bin--next" : ""}`}>
        <span className="pick-label">{t("pick.bin")}</span>
        <span className="pick-bin-code" data-testid="pick-bin">
          {line.binCode ?? t("picklist.noBin")}
        </span>
      </div>
      <div className="pick-product">
        <div className="pick-picture">
          {image ? <img src={image} alt={line.name} loading="lazy" /> : <span className="pick-picture-none">{t("pick.noPicture")}</span>}
        </div>
        <div className="pick-product-text">
          <span className="pick-name">{line.name}</span>
          <span className="pick-sku" data-testid="pick-sku">
            {line.sku}
          </span>
          {variant && <span className="muted">{variant}</span>}
          {line.product?.barcode && (
            <span className="muted" data-testid="pick-ean" data-ean={line.product.barcode}>
              {t("pick.ean", { ean: line.product.barcode })}
            </span>
          )}
        </div>
      </div>
      <div className="pick-figures">
        <div>
          <span className="pick-label">{t("pick.take")}</span>
          <span className="pick-quantity" data-testid="pick-remaining">
            {number(line.remaining)}
          </span>
          <span className="muted">{t("pick.ofQuantity", { quantity: line.quantity })}</span>
        </div>
        <div className="pick-totes">
          <span className="pick-label">{t("pick.intoTotes")}</span>
          <ul aria-label={t("pick.intoTotes")}>
            {totes.map((hint) => (
              <li key={hint.tote}>{t("pick.toteHint", { tote: hint.tote, units: hint.units, order: hint.orderNumber })}</li>
            ))}
          </ul>
        </div>
      </div>
      <p className="pick-instruction">{step === "bin" ? t("pick.scanBin", { bin: line.binCode ?? "" }) : t("pick.scanProduct", { sku: line.sku })}</p>
    </article>
  );
}

/** The scan field (a wedge scanner types into it and presses Enter; typing works too) and the thumb's buttons. */
function ScanBar({ step, onScan, onCamera, camera, onShort }: { step: "bin" | "product"; onScan: (code: string) => void; onCamera: () => void; camera: boolean; onShort: () => void }) {
  const { t } = useI18n();
  const field = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState("");
  const [typing, setTyping] = useState(false);

  // A scanner types wherever the focus is: when nothing in particular has it, the scan field takes it back.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.activeElement === document.body && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) field.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const scanned = normalizeScan(code);
    setCode("");
    field.current?.focus();
    if (scanned) onScan(scanned);
  }

  return (
    <div className="picker-actions">
      <form className="pick-scan" onSubmit={submit} aria-label={t("pick.scanForm")}>
        <label htmlFor="pick-scan" className="visually-hidden">
          {t("pick.scanLabel")}
        </label>
        <input
          id="pick-scan"
          ref={field}
          autoFocus
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="go"
          // A wedge scanner needs no on-screen keyboard; "Type" brings it for a code typed by hand.
          inputMode={typing ? "text" : "none"}
          placeholder={step === "bin" ? t("pick.placeholderBin") : t("pick.placeholderProduct")}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit" className="button pick-button">
          {t("pick.ok")}
        </button>
      </form>
      <div className="pick-buttons">
        <button type="button" className="button pick-button" aria-pressed={camera} onClick={onCamera}>
          {t(camera ? "pick.cameraClose" : "pick.cameraOpen")}
        </button>
        <button
          type="button"
          className="button pick-button"
          aria-pressed={typing}
          onClick={() => {
            setTyping((on) => !on);
            field.current?.focus();
          }}
        >
          {t("pick.type")}
        </button>
        <button type="button" className="button pick-button pick-button--warn" onClick={onShort}>
          {t("pick.short")}
        </button>
      </div>
    </div>
  );
}

function ShortReport({ line, onDone }: { line: PicklistLineFieldsFragment; onDone: (after: PicklistFieldsFragment | null) => void }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [quantity, setQuantity] = useState(line.remaining);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, report] = useMutation(PicklistLineShortMutation);

  async function send(reason: ShortReason) {
    const result = await report({ input: { lineId: line.id, quantity, reason } });
    const payload = result.data?.picklistLineShort;
    if (payload && payload.errors.length === 0) {
      signalScan("right");
      onDone(payload.picklist ?? null);
    } else {
      signalScan("wrong");
      setProblem(payload?.errors[0] ? errorText(payload.errors[0]) : t("app.error", { message: result.error?.message ?? "" }));
    }
  }

  return (
    <div className="pick-short card" role="group" aria-label={t("pick.shortTitle", { sku: line.sku })}>
      <p className="pick-short-title">{t("pick.shortTitle", { sku: line.sku })}</p>
      {problem && <Alert kind="error">{problem}</Alert>}
      <div className="pick-stepper" role="group" aria-label={t("pick.shortUnits")}>
        <button type="button" className="button pick-button" aria-label={t("pick.fewer")} disabled={quantity <= 1} onClick={() => setQuantity((q) => Math.max(1, q - 1))}>
          −
        </button>
        <output className="pick-quantity" aria-label={t("pick.shortUnits")}>
          {quantity}
        </output>
        <button type="button" className="button pick-button" aria-label={t("pick.more")} disabled={quantity >= line.remaining} onClick={() => setQuantity((q) => Math.min(line.remaining, q + 1))}>
          +
        </button>
      </div>
      <div className="pick-buttons">
        <button type="button" className="button pick-button pick-button--warn" disabled={fetching} onClick={() => send("BIN_EMPTY")}>
          {t("pick.binEmpty")}
        </button>
        <button type="button" className="button pick-button pick-button--warn" disabled={fetching} onClick={() => send("DAMAGED")}>
          {t("pick.damaged")}
        </button>
        <button type="button" className="button pick-button" onClick={() => onDone(null)}>
          {t("form.cancel")}
        </button>
      </div>
    </div>
  );
}

function Done({ picklist, onLeave }: { picklist: PicklistFieldsFragment; onLeave: () => void }) {
  const { t } = useI18n();
  const progress = progressOf(picklist.lines);
  const short = picklist.lines.reduce((s, l) => s + l.short, 0);
  const finished = picklist.status === "PICKED" || picklist.status === "CANCELLED";
  const totes = [...picklist.orders].filter((o) => o.active || picklist.status === "PICKED").sort((a, b) => a.tote - b.tote);
  return (
    <div className="pick-done" data-testid="pick-done">
      <p className="pick-done-title">{t(picklist.status === "PICKED" ? "pick.doneTitle" : picklist.status === "CANCELLED" ? "pick.cancelledTitle" : "pick.othersFinishing")}</p>
      <p>{t("pick.doneFigures", { lines: progress.lines, units: progress.unitsDone - short, short })}</p>
      {picklist.status === "PICKED" && (
        <>
          <p>{t("pick.toPacking")}</p>
          <ul className="tote-list" aria-label={t("picklist.totes")}>
            {totes.map((o) => (
              <li key={o.orderNumber}>
                <span className="tote-badge">{t("picklist.tote", { tote: o.tote })}</span> {o.orderNumber}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="picker-actions">
        <button type="button" className={`button pick-button pick-button--wide${finished ? " button--primary" : ""}`} onClick={onLeave}>
          {t("pick.next")}
        </button>
      </div>
    </div>
  );
}
