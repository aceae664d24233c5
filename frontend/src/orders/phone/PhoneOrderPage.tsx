import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Link } from "react-router";
import { MerchantSelect } from "../../components/MerchantField";
import { Alert, PageHeader } from "../../components/ui";
import { useI18n } from "../../i18n";
import { useMerchantScope } from "../../shell/MerchantScope";
import { ConflictAlert } from "../ConflictAlert";
import { LinesEditor, type FocusRequest } from "../LinesEditor";
import { OrderStatusPill, TotalsList } from "../OrderBits";
import { OrderFields } from "../OrderFields";
import { ProductSearch } from "../ProductSearch";
import { DraftActions } from "./DraftActions";
import { CURRENCY } from "./phoneDraft";
import { ShipFrom } from "./ShipFrom";
import { usePhoneDraft } from "./usePhoneDraft";
import "../orders.css";

/**
 * Taking an order on the phone, keyboard first. The draft is created with the first product and saved as the agent
 * goes (lines at once, other fields when the focus leaves them); Ctrl+Enter places it. Availability per line is
 * live. Operators choose the merchant first.
 */
export function PhoneOrderPage() {
  const { t } = useI18n();
  const { merchantById } = useMerchantScope();
  const searchRef = useRef<HTMLInputElement>(null);
  const customerRef = useRef<HTMLFieldSetElement>(null);
  const merchantRef = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const focusSearch = () => searchRef.current?.focus();
  const phone = usePhoneDraft({ focusSearch });
  const { draft, merchantId, operator } = phone;

  // The keyboard starts where the work starts: the merchant for an operator who has not chosen one, else the
  // product search. (Not on every merchant change: choosing by typing "M1" passes through other merchants.)
  const startFocused = useRef(false);
  useEffect(() => {
    if (startFocused.current) return;
    if (operator && !merchantId && merchantRef.current) {
      merchantRef.current.querySelector("select")?.focus();
      startFocused.current = true;
    } else if (merchantId && searchRef.current) {
      searchRef.current.focus();
      startFocused.current = true;
    }
  });

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "F2") {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void phone.place();
    } else if (event.key.toLowerCase() === "s" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      phone.flush();
    }
  }

  const continuing = phone.continuing;
  if (continuing) {
    if (continuing.loading) return <p className="empty">{t("app.loading")}</p>;
    if (!continuing.order) {
      return (
        <section>
          <PageHeader title={t("phone.title")} />
          <Alert kind="error">{t("phone.draftNotFound")}</Alert>
          <Link to="/orders/new">{t("phone.startNew")}</Link>
        </section>
      );
    }
    if (continuing.order.status !== "DRAFT") {
      return (
        <section>
          <PageHeader title={t("phone.title")} />
          <Alert kind="info">{t("phone.notADraft", { number: continuing.order.number })}</Alert>
          <p>
            <Link to={`/orders/${encodeURIComponent(continuing.order.id)}`}>{t("phone.openOrder", { number: continuing.order.number })}</Link>
          </p>
        </section>
      );
    }
  }

  const merchant = merchantById(merchantId);
  return (
    <section className="phone-order" onKeyDown={onKeyDown} aria-keyshortcuts="Control+Enter F2">
      <PageHeader title={draft ? t("phone.titleDraft", { number: draft.number }) : t("phone.title")} subtitle={merchant ? `${merchant.code} · ${merchant.name}` : t("phone.subtitle")}>
        {draft && <OrderStatusPill status="DRAFT" />}
        <span className={`save-state save-state--${phone.saveState}`} role="status" aria-live="polite" data-testid="save-state">
          {phone.statusText}
        </span>
      </PageHeader>
      <p className="keyboard-help">{t("phone.keyboardHelp")}</p>

      {phone.stale && (
        <ConflictAlert
          title={t("phone.staleTitle")}
          message={phone.stale}
          loadLatest={t("phone.loadLatest")}
          onLoadLatest={() => void phone.loadLatest()}
          keepMine={t("phone.keepMine")}
          onKeepMine={() => void phone.keepMine()}
        />
      )}
      {phone.general.map((message) => (
        <Alert key={message} kind="error">
          {message}
        </Alert>
      ))}

      {operator && !draft && (
        <div className="card merchant-first" ref={merchantRef}>
          <MerchantSelect value={phone.chosenMerchant} onChange={phone.chooseMerchant} error={phone.fieldErrors.merchantId} label={t("phone.merchant")} />
          {!phone.chosenMerchant && <p className="field-hint">{t("phone.chooseMerchantFirst")}</p>}
        </div>
      )}

      {merchantId && phone.shipFrom.length > 1 && <ShipFrom choices={phone.shipFrom} value={phone.warehouseId} fixed={!!draft} onChange={phone.chooseWarehouse} />}

      {merchantId && (
        <div className="phone-grid" onBlur={phone.leaveField}>
          <div className="card phone-lines">
            <h2>{t("phone.products")}</h2>
            <ProductSearch
              merchantId={merchantId}
              warehouseId={phone.warehouseId}
              inputRef={searchRef}
              onHits={phone.learnStock}
              onPick={(product, quantity) => {
                phone.learnStock([product]);
                phone.dispatch({ type: "add", product, quantity });
                setFocus({ productId: product.id, seq: Date.now() });
              }}
              onDone={() => customerRef.current?.querySelector("input")?.focus()}
            />
            {phone.fieldErrors.lines && <p className="field-error">{phone.fieldErrors.lines}</p>}
            <LinesEditor
              lines={phone.lines}
              dispatch={phone.dispatch}
              currency={CURRENCY}
              available={phone.available}
              errors={phone.fieldErrors}
              focus={focus}
              onReturn={focusSearch}
            />
            <TotalsList totals={phone.totals} currency={CURRENCY} label={t("totals.label")} />
          </div>
          <div className="card phone-details">
            <OrderFields form={phone.form} onChange={phone.setForm} errors={phone.fieldErrors} customerRef={customerRef} />
            <DraftActions phone={phone} />
          </div>
        </div>
      )}
    </section>
  );
}
