import { useRef, useState, type FormEvent } from "react";
import { Alert } from "../../components/ui";
import type { OrderDetailFieldsFragment } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { runningTotals } from "../lines";
import { LinesEditor } from "../LinesEditor";
import { TotalsList } from "../OrderBits";
import { OrderFields } from "../OrderFields";
import { ProductSearch } from "../ProductSearch";
import { ConflictAlert } from "../ConflictAlert";
import { useViewerName } from "../../presence/PresenceBar";
import type { Viewer } from "../../presence/usePresence";
import type { OrderEdit } from "./orderEdit";
import type { OrderEditing } from "./useOrderEdit";

/**
 * The order's lines and fields as a form, saved with `orderUpdate`; a conflict or a newer version is said on top.
 * While someone else is editing the order too, saving asks first.
 */
export function OrderEditForm({ order, edit, editing, othersEditing }: {
  order: OrderDetailFieldsFragment;
  edit: OrderEdit;
  editing: OrderEditing;
  othersEditing: Viewer[];
}) {
  const { t, time } = useI18n();
  const nameOf = useViewerName();
  const searchRef = useRef<HTMLInputElement>(null);
  const [warned, setWarned] = useState(false);
  const { available, reserved } = editing.figures(order);
  const linesEditable = order.lines.every((line) => !!line.product);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (othersEditing.length > 0 && !warned) setWarned(true);
    else {
      setWarned(false);
      void editing.save();
    }
  };
  const first = othersEditing[0];
  return (
    <form className="order-edit" onSubmit={submit} noValidate aria-label={t("orderDetail.editForm", { number: order.number })}>
      {warned && first && (
        <div className="alert alert--warn" role="alertdialog" aria-labelledby="presence-warn-title" data-testid="presence-warning">
          <strong id="presence-warn-title">{t("presence.warnTitle")}</strong>
          <p>{t("presence.warnText", { names: othersEditing.map(nameOf).join(", "), time: time(first.editingSince ?? first.since) })}</p>
          <button type="submit" className="button button--small button--primary">
            {t("presence.saveAnyway")}
          </button>{" "}
          <button type="button" className="button button--small button--ghost" onClick={() => setWarned(false)}>
            {t("presence.notYet")}
          </button>
        </div>
      )}
      {edit.newer && !edit.conflict && (
        <div className="alert alert--warn" role="status" data-testid="newer-version">
          {t("orderDetail.newerVersion", { actor: edit.newer.actor, version: edit.newer.version })}{" "}
          <button type="button" className="button button--small" onClick={editing.takeLatest}>
            {t("orderDetail.loadLatest")}
          </button>
        </div>
      )}
      {edit.conflict && (
        <ConflictAlert
          title={t("error.VERSION_CONFLICT")}
          message={edit.conflict}
          help={t("orderDetail.conflictHelp")}
          loadLatest={t("orderDetail.loadLatest")}
          onLoadLatest={editing.takeLatest}
          keepMine={t("orderDetail.keepMine")}
          onKeepMine={editing.keepMine}
        />
      )}
      {edit.general.map((message) => (
        <Alert key={message} kind="error">
          {message}
        </Alert>
      ))}
      <div className="card">
        <h2>{t("orderDetail.lines")}</h2>
        {linesEditable ? (
          <>
            {order.merchant && (
              <ProductSearch merchantId={order.merchant.id} inputRef={searchRef} warehouseId={order.warehouse?.id ?? null} onHits={editing.learn} onPick={editing.pick} />
            )}
            {edit.errors.lines && <p className="field-error">{edit.errors.lines}</p>}
            <LinesEditor
              lines={edit.lines}
              dispatch={editing.dispatchLines}
              currency={order.currency}
              available={available}
              reserved={reserved}
              errors={edit.errors}
              focus={editing.focus}
              onReturn={() => searchRef.current?.focus()}
            />
          </>
        ) : (
          <p className="empty empty--small">{t("orderDetail.linesLocked")}</p>
        )}
        <TotalsList totals={runningTotals(edit.lines, edit.form.shippingPrice, order.currency)} currency={order.currency} label={t("totals.label")} />
      </div>
      <div className="card">
        <OrderFields form={edit.form} onChange={editing.setForm} errors={edit.errors} showNote />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={editing.saving}>
          {editing.saving ? t("form.saving") : t("orderDetail.saveChanges")}
        </button>
        <button type="button" className="button button--ghost" onClick={editing.stop}>
          {t("orderDetail.discardChanges")}
        </button>
      </div>
    </form>
  );
}
