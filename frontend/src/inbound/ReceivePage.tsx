import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { useClient, useMutation, useQuery } from "urql";
import { ProductByCodeQuery } from "../catalog/operations";
import { InboundQuery, InboundReceiveMutation } from "./operations";
import { buzz } from "./beep";
import { InboundStatusBadge, OPEN_STATUSES } from "./InboundStatus";
import { addUnits, findByCode, normalizeCode, removeLine, setUnits, toReceipts, totals, type Tally, type TallyProduct } from "./tally";
import { useLiveRefetch } from "../shell/useLiveRefetch";
import { Alert, PageHeader, useUserErrorText } from "../components/ui";
import { useI18n } from "../i18n";
import { NotFoundPage } from "../components/StatusPages";

const DEFAULT_BIN = "RECEIVING";

type Feedback = { kind: "ok" | "warn"; text: string } | null;

/**
 * Receiving with a keyboard-wedge scanner: it types the code and Enter into the focused scan field; each scan adds
 * one unit of that product to the tally. Codes are looked up among the delivery's own lines first, then among the
 * merchant's products (an unannounced product is taken, with a warning). A code that names nothing is rejected
 * loudly: an alert, a buzz, the field cleared and still focused. "Book" sends the tally with inboundReceive.
 */
export function ReceivePage() {
  const { t, number } = useI18n();
  const { id = "" } = useParams();
  const client = useClient();
  const errorText = useUserErrorText();
  const scanRef = useRef<HTMLInputElement>(null);
  const [code, setCode] = useState("");
  const [bin, setBin] = useState(DEFAULT_BIN);
  const [tally, setTally] = useState<Tally>([]);
  const [rejected, setRejected] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [booked, setBooked] = useState<string | null>(null);
  const [bookErrors, setBookErrors] = useState<string[]>([]);
  const [{ data, fetching, error }, refetch] = useQuery({ query: InboundQuery, variables: { id } });
  const [{ fetching: booking }, receive] = useMutation(InboundReceiveMutation);
  const inbound = data?.node?.__typename === "Inbound" ? data.node : null;
  useLiveRefetch(["INBOUND"], () => refetch({ requestPolicy: "network-only" }), (event) => event.entityId === id);
  const lookups = useRef(new Map<string, TallyProduct | null>());

  const focusScan = () => scanRef.current?.focus();

  // A scanner types wherever the focus is: when nothing in particular has it, the scan field takes it back.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.activeElement === document.body && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) focusScan();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  if (fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (error && !data) return <Alert kind="error">{t("app.error", { message: error.message })}</Alert>;
  if (!inbound) return <NotFoundPage />;

  const open = OPEN_STATUSES.includes(inbound.status);
  const announced = inbound.lines.map((l) => l.product).filter((p): p is NonNullable<typeof p> => !!p);
  const lineOf = (productId: string) => inbound.lines.find((l) => l.product?.id === productId);
  const sum = totals(tally);

  async function lookUp(scanned: string): Promise<{ product: TallyProduct; announced: boolean } | null> {
    const local = findByCode(announced, scanned);
    if (local) return { product: local, announced: true };
    if (!inbound?.merchant) return null;
    const key = scanned.toUpperCase();
    if (!lookups.current.has(key)) {
      const result = await client.query(ProductByCodeQuery, { merchantId: inbound.merchant.id, code: scanned }, { requestPolicy: "network-only" }).toPromise();
      const found = result.data?.productByCode;
      if (result.error) return null;
      lookups.current.set(key, found && !found.isArchived ? found : null);
    }
    const product = lookups.current.get(key);
    return product ? { product, announced: false } : null;
  }

  async function scan(event: FormEvent) {
    event.preventDefault();
    const scanned = normalizeCode(code);
    setCode(""); // ready for the next scan at once
    focusScan();
    if (!scanned) return;
    setBooked(null);
    const found = await lookUp(scanned);
    if (!found) {
      setRejected(scanned);
      setFeedback(null);
      buzz();
      return;
    }
    setRejected(null);
    setTally((current) => addUnits(current, found.product));
    setFeedback(
      found.announced
        ? { kind: "ok", text: t("receive.added", { sku: found.product.sku, name: found.product.name }) }
        : { kind: "warn", text: t("receive.unannounced", { sku: found.product.sku }) },
    );
  }

  async function book() {
    setBookErrors([]);
    const result = await receive({ input: { inboundId: id, lines: toReceipts(tally, bin) } });
    const payload = result.data?.inboundReceive;
    if (!payload) {
      setBookErrors([t("app.error", { message: result.error?.message ?? "" })]);
      return;
    }
    if (payload.errors.length) {
      setBookErrors(payload.errors.map(errorText));
      return;
    }
    setBooked(t("receive.booked", { received: sum.received, damaged: sum.damaged }));
    setTally([]);
    setFeedback(null);
    focusScan();
  }

  return (
    <section className="receive">
      <p className="breadcrumb">
        <Link to={`/inbounds/${encodeURIComponent(id)}`}>{t("receive.back", { reference: inbound.reference })}</Link>
      </p>
      <PageHeader title={t("receive.title", { reference: inbound.reference })} subtitle={inbound.merchant ? `${inbound.merchant.code} · ${inbound.merchant.name}` : undefined}>
        <InboundStatusBadge status={inbound.status} />
      </PageHeader>
      {!open ? (
        <Alert kind="info">{t("receive.notOpen")}</Alert>
      ) : (
        <>
          <form className="scan card" onSubmit={scan} aria-label={t("receive.scanForm")}>
            <div className="field scan-field">
              <label htmlFor="scan">{t("receive.scan")}</label>
              <input
                id="scan"
                ref={scanRef}
                autoFocus
                autoComplete="off"
                autoCorrect="off"
                autoCapitalize="characters"
                spellCheck={false}
                enterKeyHint="done"
                value={code}
                aria-describedby="scan-hint"
                aria-invalid={rejected ? true : undefined}
                onChange={(e) => setCode(e.target.value)}
              />
              <p className="field-hint" id="scan-hint">
                {t("receive.scanHint")}
              </p>
            </div>
            <div className="field bin-field">
              <label htmlFor="bin">{t("receive.bin")}</label>
              <input id="bin" autoComplete="off" autoCapitalize="characters" value={bin} onChange={(e) => setBin(e.target.value)} />
            </div>
            <button type="submit" className="button">
              {t("receive.add")}
            </button>
          </form>
          <div className="scan-feedback" aria-live="polite">
            {rejected && (
              <div className="alert alert--error scan-rejected" role="alert">
                <strong>{t("receive.rejected", { code: rejected })}</strong> {t("receive.rejectedHint")}
              </div>
            )}
            {feedback && <div className={`alert alert--${feedback.kind === "ok" ? "success" : "warn"}`} role="status">{feedback.text}</div>}
            {booked && <Alert kind="success">{booked}</Alert>}
            {bookErrors.map((text) => (
              <Alert key={text} kind="error">
                {text}
              </Alert>
            ))}
          </div>

          <h2 className="section-title">{t("receive.tally")}</h2>
          {tally.length === 0 ? (
            <p className="empty empty--small">{t("receive.tallyEmpty")}</p>
          ) : (
            <ul className="tally" aria-label={t("receive.tally")}>
              {tally.map((line) => {
                const announcedLine = lineOf(line.product.id);
                const rest = announcedLine ? Math.max(announcedLine.expectedQuantity - announcedLine.receivedQuantity - announcedLine.damagedQuantity, 0) : 0;
                return (
                  <li key={line.product.id} className="tally-line" data-sku={line.product.sku} aria-label={line.product.sku}>
                    <div className="tally-product">
                      <strong>{line.product.sku}</strong> <span>{line.product.name}</span>
                      <span className="tally-expected">
                        {announcedLine ? t("receive.stillExpected", { count: rest }) : <span className="tag">{t("inbound.unexpected")}</span>}
                      </span>
                    </div>
                    <div className="tally-counts">
                      <div className="stepper" role="group" aria-label={t("receive.goodOf", { sku: line.product.sku })}>
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t("receive.minus", { sku: line.product.sku })}
                          onClick={() => {
                            setTally((c) => addUnits(c, line.product, -1));
                            focusScan();
                          }}
                        >
                          −
                        </button>
                        <label className="visually-hidden" htmlFor={`good-${line.product.id}`}>
                          {t("receive.goodOf", { sku: line.product.sku })}
                        </label>
                        <input
                          id={`good-${line.product.id}`}
                          className="count-input"
                          inputMode="numeric"
                          value={line.received}
                          data-testid={`good-${line.product.sku}`}
                          onChange={(e) => setTally((c) => (e.target.value === "" ? c : setUnits(c, line.product.id, "received", Number(e.target.value))))}
                        />
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t("receive.plus", { sku: line.product.sku })}
                          onClick={() => {
                            setTally((c) => addUnits(c, line.product, 1));
                            focusScan();
                          }}
                        >
                          +
                        </button>
                      </div>
                      <div className="field field--inline">
                        <label htmlFor={`damaged-${line.product.id}`}>{t("receive.damaged")}</label>
                        <input
                          id={`damaged-${line.product.id}`}
                          className="count-input"
                          inputMode="numeric"
                          value={line.damaged}
                          onChange={(e) => setTally((c) => setUnits(c, line.product.id, "damaged", Number(e.target.value || 0)))}
                        />
                      </div>
                      <button
                        type="button"
                        className="button button--ghost button--small"
                        aria-label={t("receive.removeLine", { sku: line.product.sku })}
                        onClick={() => {
                          setTally((c) => removeLine(c, line.product.id));
                          focusScan();
                        }}
                      >
                        ✕
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          <div className="book-bar">
            <p className="book-summary">{t("receive.summary", { received: sum.received, damaged: sum.damaged })}</p>
            <button type="button" className="button button--primary" disabled={booking || tally.length === 0} onClick={book}>
              {booking ? t("form.saving") : t("receive.book")}
            </button>
          </div>
        </>
      )}

      <h2 className="section-title">{t("receive.delivery")}</h2>
      <div className="table-wrap">
        <table className="table" aria-label={t("receive.delivery")}>
          <thead>
            <tr>
              <th scope="col">{t("inbounds.product")}</th>
              <th scope="col">{t("products.barcode")}</th>
              <th scope="col" className="num">{t("inbounds.expected")}</th>
              <th scope="col" className="num">{t("inbounds.received")}</th>
              <th scope="col" className="num">{t("inbounds.damaged")}</th>
            </tr>
          </thead>
          <tbody>
            {inbound.lines.map((line, index) => (
              <tr key={line.product?.id ?? index} data-sku={line.product?.sku}>
                <td data-label={t("inbounds.product")}>
                  {line.product ? `${line.product.sku} · ${line.product.name}` : "—"}
                  {line.unexpected && <span className="tag">{t("inbound.unexpected")}</span>}
                </td>
                <td data-label={t("products.barcode")}>{line.product?.barcode ?? "—"}</td>
                <td className="num" data-label={t("inbounds.expected")}>{number(line.expectedQuantity)}</td>
                <td className="num" data-label={t("inbounds.received")}>{number(line.receivedQuantity)}</td>
                <td className="num" data-label={t("inbounds.damaged")}>{number(line.damagedQuantity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
