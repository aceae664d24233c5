import { useCallback, useEffect, useReducer, useRef, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { useSignedIn } from "../auth/AuthProvider";
import { can } from "../auth/permissions";
import { Alert, PageHeader, Time, useUserErrorText } from "../components/ui";
import type { OrderDetailFieldsFragment, OrderStatus } from "../gql/graphql";
import { useI18n } from "../i18n";
import { availableIn } from "./availability";
import { ChangeWatcher } from "./changeWatcher";
import { localErrors, placeErrors } from "./errors";
import { changedFields, editableLines, formFromOrder, hasChanges, type OrderForm } from "./form";
import { linesReducer, runningTotals, type EditableLine, type LineAction } from "./lines";
import { LinesEditor, type FocusRequest } from "./LinesEditor";
import { OrderActionDialog, type OrderAction } from "./OrderActionDialog";
import { OrderStatusPill, PaymentStatusPill, TotalsList } from "./OrderBits";
import { OrderFields } from "./OrderFields";
import { OrderHistory } from "./OrderHistory";
import {
  OrderDetailDuplicateMutation,
  OrderDetailNoteAddMutation,
  OrderDetailQuery,
  OrderDetailTagsMutation,
  OrderDetailUpdateMutation,
} from "./operations";
import { ProductSearch, type SearchProduct } from "./ProductSearch";
import { useLiveEvents, type LiveEvent } from "./useLiveEvents";
import { NotFoundPage } from "../components/StatusPages";
import "./orders.css";

type Order = OrderDetailFieldsFragment;

/** Support may change lines, addresses, customer and shipping until picking starts (backend EDITABLE). */
const EDITABLE: readonly OrderStatus[] = ["DRAFT", "AWAITING_PAYMENT", "BACKORDERED", "READY", "ON_HOLD"];
const HOLDABLE: readonly OrderStatus[] = ["AWAITING_PAYMENT", "BACKORDERED", "READY"];
const FINISHED: readonly OrderStatus[] = ["PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED", "CANCELLED"];

interface Editing {
  /** The version the edit started from: sent as expectedVersion. */
  baseVersion: number;
  base: { form: OrderForm; lines: EditableLine[] };
}

interface Notice {
  kind: "success" | "info";
  text: string;
}

export function OrderDetailPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { user } = useSignedIn();
  const errorText = useUserErrorText();
  const placedNumber = (location.state as { placed?: string } | null)?.placed;
  const [notice, setNotice] = useState<Notice | null>(placedNumber ? { kind: "success", text: t("orderDetail.placed", { number: placedNumber }) } : null);
  const [dialog, setDialog] = useState<OrderAction | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({ query: OrderDetailQuery, variables: { id } });
  const order = data?.node?.__typename === "Order" ? data.node : null;
  const reload = useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]);

  // ---------------------------------------------------------------- editing in place

  const [editing, setEditing] = useState<Editing | null>(null);
  const [form, setForm] = useState<OrderForm | null>(null);
  const [lines, dispatch] = useReducer(linesReducer, [] as EditableLine[]);
  const [editErrors, setEditErrors] = useState<Record<string, string>>({});
  const [editGeneral, setEditGeneral] = useState<string[]>([]);
  const [conflict, setConflict] = useState<string | null>(null);
  const [newer, setNewer] = useState<{ actor: string; version: number } | null>(null);
  // Products the search showed, whose stock the lines show when added.
  const [searched, setSearched] = useState<Record<string, SearchProduct>>({});
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [{ fetching: saving }, update] = useMutation(OrderDetailUpdateMutation);
  const editingRef = useRef(editing);
  editingRef.current = editing;

  const latestI18n = useRef(i18n);
  latestI18n.current = i18n;
  const [watcher] = useState(
    () =>
      new ChangeWatcher<LiveEvent>((event) => {
        const { t: translate } = latestI18n.current;
        const change = (event.payload as { change?: unknown }).change;
        const actor = event.actor.kind === "SYSTEM" ? translate("actor.SYSTEM") : event.actor.label;
        reload();
        if (editingRef.current) {
          // Never under the person's typing: the page says a newer version exists and leaves the input alone.
          setNewer({ actor, version: (event.payload as { version: number }).version });
        } else {
          const kind = typeof change === "string" ? change : "updated";
          setNotice({ kind: "info", text: translate("orderDetail.changedLive", { actor, what: kindText(latestI18n.current, kind) }) });
        }
      }),
  );
  useEffect(() => watcher.reset(), [watcher, id]);
  useEffect(() => watcher.see(order?.version), [watcher, order?.version]);

  useLiveEvents({
    topics: editing ? ["ORDER", "STOCK"] : ["ORDER"],
    merchantId: order?.merchant?.id,
    enabled: !!order,
    onEvent: (event) => {
      if (event.topic === "ORDER" && event.entityId === order?.id) watcher.event(event);
      else if (event.topic === "STOCK" && editingRef.current) {
        // Availability shown while editing lines follows stock changes of those products.
        const sku = (event.payload as { sku?: unknown }).sku;
        if (lines.some((line) => line.sku === sku)) reload();
      }
    },
    onResumed: reload,
  });

  function startEditing(from: Order) {
    const base = { form: formFromOrder(from), lines: editableLines(from.lines) };
    setEditing({ baseVersion: from.version, base });
    setForm(base.form);
    dispatch({ type: "reset", lines: base.lines });
    setEditErrors({});
    setEditGeneral([]);
    setConflict(null);
    setNewer(null);
    setNotice(null);
  }

  function stopEditing() {
    setEditing(null);
    setForm(null);
    setConflict(null);
    setNewer(null);
    setEditErrors({});
    setEditGeneral([]);
  }

  async function saveEdit(event?: FormEvent) {
    event?.preventDefault();
    if (!order || !editing || !form) return;
    const { changes, problems } = changedFields(form, lines, editing.base, order.currency);
    if (Object.keys(problems).length) {
      setEditErrors(localErrors(problems, lines, (problem) => t(`phone.problem.${problem}` as "phone.problem.price")));
      setEditGeneral([t("form.errors")]);
      return;
    }
    if (!hasChanges(changes)) {
      stopEditing();
      setNotice({ kind: "info", text: t("orderDetail.nothingChanged") });
      return;
    }
    const result = await watcher.around(
      () => update({ input: { orderId: order.id, expectedVersion: editing.baseVersion, changes } }),
      (answer) => answer.data?.orderUpdate.order?.version,
    );
    const payload = result.data?.orderUpdate;
    if (!payload) {
      setEditGeneral([t("app.error", { message: result.error?.message ?? "" })]);
      return;
    }
    if (payload.errors.length || !payload.order) {
      const placed = placeErrors(payload.errors, changes.lines ? lines : [], errorText);
      setConflict(placed.conflict);
      setEditErrors(placed.fields);
      setEditGeneral(placed.general);
      if (placed.conflict) reload();
      return;
    }
    stopEditing();
    setNotice({ kind: "success", text: t("orderDetail.saved", { number: payload.order.number }) });
  }

  /** Conflict resolved by taking the latest version: the person's input is replaced by what is saved now. */
  function takeLatest() {
    if (order) startEditing(order);
  }

  /** Conflict resolved by keeping the input: it now applies to the latest version (saved with the next Save). */
  function keepMine() {
    if (!order || !editing) return;
    setEditing({ baseVersion: order.version, base: { form: formFromOrder(order), lines: editableLines(order.lines) } });
    setConflict(null);
    setNewer(null);
  }

  // ---------------------------------------------------------------- notes, tags, duplicate

  const [noteText, setNoteText] = useState("");
  const [noteError, setNoteError] = useState<string | undefined>();
  const [{ fetching: addingNote }, addNote] = useMutation(OrderDetailNoteAddMutation);
  const [tagText, setTagText] = useState("");
  const [tagError, setTagError] = useState<string | undefined>();
  const [{ fetching: tagging }, changeTags] = useMutation(OrderDetailTagsMutation);
  const [{ fetching: duplicating }, duplicate] = useMutation(OrderDetailDuplicateMutation);

  async function submitNote(event: FormEvent) {
    event.preventDefault();
    if (!order) return;
    if (!noteText.trim()) {
      setNoteError(t("form.required"));
      return;
    }
    const result = await watcher.around(
      () => addNote({ input: { orderId: order.id, text: noteText } }),
      (answer) => answer.data?.orderNoteAdd.order?.version,
    );
    const payload = result.data?.orderNoteAdd;
    if (payload && payload.errors.length === 0) {
      setNoteText("");
      setNoteError(undefined);
    } else setNoteError(payload?.errors.map(errorText).join(" ") || t("app.error", { message: result.error?.message ?? "" }));
  }

  async function submitTags(add: string[], remove: string[]) {
    if (!order) return;
    const result = await watcher.around(
      () => changeTags({ input: { orderId: order.id, add, remove, expectedVersion: order.version } }),
      (answer) => answer.data?.orderTagsUpdate.order?.version,
    );
    const payload = result.data?.orderTagsUpdate;
    if (payload && payload.errors.length === 0) {
      setTagText("");
      setTagError(undefined);
    } else
      setTagError(
        payload?.errors.map((e) => (e.code === "VERSION_CONFLICT" ? `${t("error.VERSION_CONFLICT")} ${e.message}` : errorText(e))).join(" ") ||
          t("app.error", { message: result.error?.message ?? "" }),
      );
  }

  async function duplicateOrder() {
    if (!order) return;
    const result = await duplicate({ input: { orderId: order.id } });
    const draft = result.data?.orderDuplicate.order;
    if (draft) navigate(`/orders/new?draft=${encodeURIComponent(draft.id)}`);
    else
      setNotice({
        kind: "info",
        text: result.data?.orderDuplicate.errors.map(errorText).join(" ") || t("app.error", { message: result.error?.message ?? "" }),
      });
  }

  if (fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (error && !data) return <Alert kind="error">{t("app.error", { message: error.message })}</Alert>;
  if (!order) return <NotFoundPage />;

  const writable = can(user.role, "orders:write");
  const canPay = can(user.role, "orders:pay");
  const editable = writable && EDITABLE.includes(order.status);
  const warehouseId = order.warehouse?.id ?? null;
  const available: Record<string, number> = Object.fromEntries(Object.entries(searched).map(([id, product]) => [id, availableIn(product, warehouseId)]));
  const reserved: Record<string, number> = {};
  for (const line of order.lines) {
    if (line.product) {
      available[line.product.id] = availableIn(line.product, warehouseId);
      reserved[line.product.id] = line.reserved;
    }
  }
  const linesEditable = order.lines.every((line) => !!line.product);

  return (
    <section className="order-detail">
      <p className="breadcrumb">
        <Link to="/orders">{t("orderDetail.back")}</Link>
      </p>
      <PageHeader
        title={t("orderDetail.title", { number: order.number })}
        subtitle={[
          order.merchant ? `${order.merchant.code} · ${order.merchant.name}` : null,
          t(`orderSource.${order.source}`) + (order.shop ? ` · ${order.shop}` : ""),
          order.externalNumber ? t("orderDetail.externalNumber", { number: order.externalNumber }) : null,
        ]
          .filter(Boolean)
          .join(" · ")}
      >
        <OrderStatusPill status={order.status} />
        <PaymentStatusPill status={order.paymentStatus} />
      </PageHeader>

      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      {order.status === "ON_HOLD" && order.holdReason && <Alert kind="info">{t("orderDetail.heldBecause", { reason: order.holdReason })}</Alert>}
      {order.status === "CANCELLED" && order.cancelReason && <Alert kind="info">{t("orderDetail.cancelledBecause", { reason: order.cancelReason })}</Alert>}

      {writable && !editing && (
        <div className="actions no-print" role="group" aria-label={t("orderDetail.actions")}>
          {order.status === "DRAFT" && (
            <Link className="button button--primary" to={`/orders/new?draft=${encodeURIComponent(order.id)}`}>
              {t("orderDetail.continueDraft")}
            </Link>
          )}
          {editable && (
            <button type="button" className="button" onClick={() => startEditing(order)}>
              {t("orderDetail.edit")}
            </button>
          )}
          {HOLDABLE.includes(order.status) && (
            <button type="button" className="button" onClick={() => setDialog("hold")}>
              {t("orderDetail.hold")}
            </button>
          )}
          {order.status === "ON_HOLD" && (
            <button type="button" className="button button--primary" onClick={() => setDialog("release")}>
              {t("orderDetail.release")}
            </button>
          )}
          {canPay && order.paymentStatus !== "PAID" && order.status !== "CANCELLED" && order.status !== "DRAFT" && (
            <button type="button" className="button" onClick={() => setDialog("markPaid")}>
              {t("orderDetail.markPaid")}
            </button>
          )}
          <button type="button" className="button" onClick={() => void duplicateOrder()} disabled={duplicating}>
            {t("orderDetail.duplicate")}
          </button>
          {!FINISHED.includes(order.status) && (
            <button type="button" className="button button--danger-ghost" onClick={() => setDialog("cancel")}>
              {t("orderDetail.cancel")}
            </button>
          )}
        </div>
      )}
      {dialog && (
        <OrderActionDialog
          action={dialog}
          order={order}
          track={(work, versionOf) => watcher.around(work, versionOf)}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setDialog(null);
            setNotice({ kind: "success", text });
          }}
        />
      )}

      {editing && form ? (
        <form className="order-edit" onSubmit={saveEdit} noValidate aria-label={t("orderDetail.editForm", { number: order.number })}>
          {newer && !conflict && (
            <div className="alert alert--warn" role="status" data-testid="newer-version">
              {t("orderDetail.newerVersion", { actor: newer.actor, version: newer.version })}{" "}
              <button type="button" className="button button--small" onClick={takeLatest}>
                {t("orderDetail.loadLatest")}
              </button>
            </div>
          )}
          {conflict && (
            <div className="alert alert--warn conflict" role="alert">
              <p>
                <strong>{t("error.VERSION_CONFLICT")}</strong> {conflict}
              </p>
              <p>{t("orderDetail.conflictHelp")}</p>
              <div className="actions">
                <button type="button" className="button button--primary" onClick={takeLatest}>
                  {t("orderDetail.loadLatest")}
                </button>
                <button type="button" className="button" onClick={keepMine}>
                  {t("orderDetail.keepMine")}
                </button>
              </div>
            </div>
          )}
          {editGeneral.map((message) => (
            <Alert key={message} kind="error">
              {message}
            </Alert>
          ))}
          <div className="card">
            <h2>{t("orderDetail.lines")}</h2>
            {linesEditable ? (
              <>
                {order.merchant && (
                  <ProductSearch
                    merchantId={order.merchant.id}
                    inputRef={searchRef}
                    warehouseId={warehouseId}
                    onHits={(products: SearchProduct[]) => setSearched((current) => ({ ...current, ...Object.fromEntries(products.map((p) => [p.id, p])) }))}
                    onPick={(product, quantity) => {
                      setSearched((current) => ({ ...current, [product.id]: product }));
                      dispatch({ type: "add", product, quantity } satisfies LineAction);
                      setFocus({ productId: product.id, seq: Date.now() });
                    }}
                  />
                )}
                {editErrors.lines && <p className="field-error">{editErrors.lines}</p>}
                <LinesEditor
                  lines={lines}
                  dispatch={dispatch}
                  currency={order.currency}
                  available={available}
                  reserved={reserved}
                  errors={editErrors}
                  focus={focus}
                  onReturn={() => searchRef.current?.focus()}
                />
              </>
            ) : (
              <p className="empty empty--small">{t("orderDetail.linesLocked")}</p>
            )}
            <TotalsList totals={runningTotals(lines, form.shippingPrice, order.currency)} currency={order.currency} label={t("totals.label")} />
          </div>
          <div className="card">
            <OrderFields form={form} onChange={setForm} errors={editErrors} showNote />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={saving}>
              {saving ? t("form.saving") : t("orderDetail.saveChanges")}
            </button>
            <button type="button" className="button button--ghost" onClick={stopEditing}>
              {t("orderDetail.discardChanges")}
            </button>
          </div>
        </form>
      ) : (
        <OrderView order={order} />
      )}

      <div className="detail-grid order-detail-lower">
        <div className="card">
          <h2 id="order-history-title">{t("orderDetail.history")}</h2>
          <OrderHistory history={order.history} currency={order.currency} />
        </div>
        <div className="card">
          <h2>{t("orderDetail.notes")}</h2>
          {order.notes.length === 0 ? (
            <p className="empty empty--small">{t("orderDetail.noNotes")}</p>
          ) : (
            <ul className="order-notes" aria-label={t("orderDetail.notes")}>
              {order.notes.map((note, index) => (
                <li key={index}>
                  <p>{note.text}</p>
                  <p className="field-hint">
                    {note.author.label} · <Time value={note.createdAt} />
                  </p>
                </li>
              ))}
            </ul>
          )}
          {writable && (
            <form onSubmit={submitNote} className="note-form" noValidate aria-label={t("orderDetail.addNote")}>
              <div className={`field${noteError ? " field--invalid" : ""}`}>
                <label htmlFor="order-note">{t("orderDetail.noteLabel")}</label>
                <textarea
                  id="order-note"
                  rows={3}
                  value={noteText}
                  aria-invalid={noteError ? true : undefined}
                  aria-describedby={noteError ? "order-note-error" : undefined}
                  onChange={(e) => {
                    setNoteText(e.target.value);
                    setNoteError(undefined);
                  }}
                />
                {noteError && (
                  <p className="field-error" id="order-note-error">
                    {noteError}
                  </p>
                )}
              </div>
              <button type="submit" className="button" disabled={addingNote}>
                {t("orderDetail.addNote")}
              </button>
            </form>
          )}

          <h2 className="section-title">{t("orderDetail.tags")}</h2>
          {order.tags.length === 0 ? (
            <p className="empty empty--small">{t("orderDetail.noTags")}</p>
          ) : (
            <ul className="order-tags" aria-label={t("orderDetail.tags")}>
              {order.tags.map((tag) => (
                <li key={tag} className="tag">
                  {tag}
                  {writable && (
                    <button
                      type="button"
                      className="tag-remove"
                      aria-label={t("orderDetail.removeTag", { tag })}
                      disabled={tagging}
                      onClick={() => void submitTags([], [tag])}
                    >
                      ✕
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {writable && (
            <form
              className="tag-form"
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                if (!tagText.trim()) setTagError(t("form.required"));
                else void submitTags([tagText.trim()], []);
              }}
            >
              <div className={`field${tagError ? " field--invalid" : ""}`}>
                <label htmlFor="order-tag">{t("orderDetail.addTag")}</label>
                <input id="order-tag" autoComplete="off" value={tagText} onChange={(e) => setTagText(e.target.value)} aria-invalid={tagError ? true : undefined} />
                {tagError && <p className="field-error">{tagError}</p>}
              </div>
              <button type="submit" className="button button--small" disabled={tagging}>
                {t("orderDetail.addTagButton")}
              </button>
            </form>
          )}
        </div>
      </div>
    </section>
  );
}

/** A history entry's kind ("held", "paid") in words. */
function kindText({ t, has }: Pick<ReturnType<typeof useI18n>, "t" | "has">, kind: string): string {
  const key = `historyKind.${kind}`;
  return has(key) ? t(key) : kind.replace(/_/g, " ");
}

function AddressBlock({ address }: { address: Order["shippingAddress"] }) {
  const { t } = useI18n();
  const place = [address.postalCode, address.city].filter(Boolean).join(" ");
  const parts = [address.name, address.company, address.line1, address.line2, place, address.region, address.country].filter((p) => p && p.trim());
  if (!parts.length) return <p className="empty empty--small">{t("orderDetail.noAddress")}</p>;
  return (
    <address className="order-address">
      {parts.map((part, index) => (
        <span key={index}>
          {part}
          <br />
        </span>
      ))}
      {address.phone && <span>{address.phone}</span>}
    </address>
  );
}

/** The order as it is (read-only). */
function OrderView({ order }: { order: Order }) {
  const { t, number, money } = useI18n();
  const m = (value: { amount: string; currency: string }) => money(value.amount, value.currency);
  return (
    <>
      <div className="card">
        <h2>{t("orderDetail.lines")}</h2>
        <div className="table-wrap table-wrap--flat">
          <table className="table order-lines" aria-label={t("orderDetail.lines")}>
            <thead>
              <tr>
                <th scope="col">{t("phone.product")}</th>
                <th scope="col" className="num">{t("orderDetail.ordered")}</th>
                <th scope="col" className="num">{t("orderDetail.reserved")}</th>
                <th scope="col" className="num">{t("orderDetail.backordered")}</th>
                <th scope="col" className="num">{t("phone.unitPrice")}</th>
                <th scope="col" className="num">{t("phone.taxRate")}</th>
                <th scope="col" className="num">{t("phone.lineTotal")}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.sku} data-sku={line.sku} className={line.backordered > 0 ? "row--low" : undefined}>
                  <th scope="row" data-label={t("phone.product")}>
                    {line.product ? (
                      <Link to={`/products/${encodeURIComponent(line.product.id)}`}>
                        <strong>{line.sku}</strong>
                      </Link>
                    ) : (
                      <strong>{line.sku}</strong>
                    )}{" "}
                    <span className="line-name">{line.name}</span>
                  </th>
                  <td className="num" data-label={t("orderDetail.ordered")}>{number(line.quantity)}</td>
                  <td className="num" data-label={t("orderDetail.reserved")}>{number(line.reserved)}</td>
                  <td className="num" data-label={t("orderDetail.backordered")}>{number(line.backordered)}</td>
                  <td className="num" data-label={t("phone.unitPrice")}>{m(line.unitPrice)}</td>
                  <td className="num" data-label={t("phone.taxRate")}>{line.taxRate} %</td>
                  <td className="num" data-label={t("phone.lineTotal")}>{m(line.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <TotalsList
          totals={{ subtotal: order.subtotal.amount, shipping: order.shippingPrice.amount, tax: order.tax.amount, total: order.total.amount }}
          currency={order.currency}
          label={t("totals.label")}
        />
      </div>
      <div className="detail-grid">
        <div className="card">
          <h2>{t("phone.customer")}</h2>
          <dl className="facts">
            <dt>{t("customer.name")}</dt>
            <dd data-testid="customer-name">{order.customer.name || "—"}</dd>
            <dt>{t("customer.email")}</dt>
            <dd>{order.customer.email || "—"}</dd>
            <dt>{t("customer.phone")}</dt>
            <dd data-testid="customer-phone">{order.customer.phone || "—"}</dd>
          </dl>
          <div className="order-addresses">
            <div>
              <h3>{t("phone.shippingAddress")}</h3>
              {order.shippingMethod === "CLICK_AND_COLLECT" ? <p>{t("phone.collectNoAddress")}</p> : <AddressBlock address={order.shippingAddress} />}
            </div>
            <div>
              <h3>{t("phone.billingAddress")}</h3>
              <AddressBlock address={order.billingAddress} />
            </div>
          </div>
          {order.customerNote && (
            <>
              <h3>{t("phone.customerNote")}</h3>
              <p>{order.customerNote}</p>
            </>
          )}
        </div>
        <div className="card">
          <h2>{t("phone.shippingAndPayment")}</h2>
          <dl className="facts">
            <dt>{t("phone.shippingMethod")}</dt>
            <dd data-testid="shipping-method">{t(`shippingMethod.${order.shippingMethod}`)}</dd>
            {order.warehouse && (
              <>
                <dt>{t("orderDetail.shipsFrom")}</dt>
                <dd data-testid="ships-from">
                  {order.warehouse.code} · {order.warehouse.name}
                </dd>
              </>
            )}
            <dt>{t("phone.paymentMethod")}</dt>
            <dd>{t(`paymentMethod.${order.paymentMethod}`)}</dd>
            <dt>{t("orderDetail.paymentStatus")}</dt>
            <dd>
              {t(`paymentStatus.${order.paymentStatus}`)}
              {order.paymentReference ? ` · ${order.paymentReference}` : ""}
              {order.paidAt && (
                <>
                  {" · "}
                  <Time value={order.paidAt} />
                </>
              )}
            </dd>
            <dt>{t("orderDetail.created")}</dt>
            <dd>
              <Time value={order.createdAt} />
            </dd>
            {order.placedAt && (
              <>
                <dt>{t("orderDetail.placedAt")}</dt>
                <dd>
                  <Time value={order.placedAt} />
                </dd>
              </>
            )}
            <dt>{t("orderDetail.statusSince")}</dt>
            <dd>
              <Time value={order.statusChangedAt} />
            </dd>
            <dt>{t("orderDetail.versionLabel")}</dt>
            <dd data-testid="order-version">{order.version}</dd>
          </dl>
        </div>
      </div>
    </>
  );
}
