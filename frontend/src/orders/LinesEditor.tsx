import { useEffect, useRef, type KeyboardEvent } from "react";
import { useI18n } from "../i18n";
import { fromMinor, toMinor } from "./money";
import { parseQuantity, shortfall, type EditableLine, type LineAction } from "./lines";
import { quantityStep } from "./search";

const TAX_RATES = ["19", "7", "0"];

/** Where the focus should go: the quantity of this product's line (a new `seq` asks again for the same line). */
export interface FocusRequest {
  productId: string;
  seq: number;
}

/**
 * The lines of an order being taken or changed, for the keyboard: in a quantity field the arrows add or take one
 * (Page Up/Down ten), Enter goes back to the product search; availability is shown per line, with a warning
 * when the quantity needs more than is available (the rest would be backordered).
 */
export function LinesEditor({
  lines,
  dispatch,
  currency,
  available,
  reserved = {},
  errors,
  focus,
  onReturn,
}: {
  lines: readonly EditableLine[];
  dispatch: (action: LineAction) => void;
  currency: string;
  /** Units available now, by product id (live). */
  available: Readonly<Record<string, number | undefined>>;
  /** Units a placed order's line holds already, by product id. */
  reserved?: Readonly<Record<string, number | undefined>>;
  /** Messages by `line:<productId>:<field>`. */
  errors: Readonly<Record<string, string | undefined>>;
  focus?: FocusRequest | null;
  onReturn?: () => void;
}) {
  const { t, number, money } = useI18n();
  const quantityInputs = useRef(new Map<string, HTMLInputElement>());

  useEffect(() => {
    if (!focus) return;
    const input = quantityInputs.current.get(focus.productId);
    input?.focus();
    input?.select();
  }, [focus]);

  function onQuantityKey(event: KeyboardEvent<HTMLInputElement>, line: EditableLine) {
    const step = quantityStep(event.key);
    if (step !== null) {
      event.preventDefault();
      dispatch({ type: "step", productId: line.productId, delta: step });
      return;
    }
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      onReturn?.();
    }
  }

  function onPriceKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      onReturn?.();
    }
  }

  if (lines.length === 0) return <p className="empty empty--small">{t("phone.noLines")}</p>;

  return (
    <div className="table-wrap table-wrap--flat">
      <table className="table order-lines" aria-label={t("phone.lines")}>
        <thead>
          <tr>
            <th scope="col">{t("phone.product")}</th>
            <th scope="col" className="num">{t("phone.availableNow")}</th>
            <th scope="col" className="num">{t("phone.quantity")}</th>
            <th scope="col" className="num">{t("phone.unitPrice")}</th>
            <th scope="col" className="num">{t("phone.taxRate")}</th>
            <th scope="col" className="num">{t("phone.lineTotal")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("phone.remove")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const units = available[line.productId];
            const held = reserved[line.productId] ?? 0;
            const short = shortfall(line.quantity, held, units);
            const quantity = parseQuantity(line.quantity);
            const price = line.unitPrice.trim() === "" ? 0 : toMinor(line.unitPrice, currency);
            const total = quantity !== null && price !== null ? money(fromMinor(quantity * price, currency), currency) : "—";
            const error = (field: string) => errors[`line:${line.productId}:${field}`];
            const rates = TAX_RATES.includes(line.taxRate) ? TAX_RATES : [line.taxRate, ...TAX_RATES];
            const qtyError = error("quantity");
            const priceError = error("unitPrice");
            const productError = error("productId");
            return (
              <tr key={line.productId} data-sku={line.sku} className={short > 0 ? "row--low" : undefined}>
                <th scope="row" data-label={t("phone.product")}>
                  <strong>{line.sku}</strong> <span className="line-name">{line.name}</span>
                  {productError && <p className="field-error">{productError}</p>}
                </th>
                <td className="num" data-label={t("phone.availableNow")} data-testid={`available-${line.sku}`}>
                  {units === undefined ? "…" : number(units)}
                  {short > 0 && (
                    <p className="line-warning" role="status">
                      {t("phone.backorderWarning", { count: short })}
                    </p>
                  )}
                </td>
                <td className="num" data-label={t("phone.quantity")}>
                  <label className="visually-hidden" htmlFor={`qty-${line.productId}`}>
                    {t("phone.quantityOf", { sku: line.sku })}
                  </label>
                  <input
                    id={`qty-${line.productId}`}
                    ref={(element) => {
                      if (element) quantityInputs.current.set(line.productId, element);
                      else quantityInputs.current.delete(line.productId);
                    }}
                    className="count-input"
                    inputMode="numeric"
                    autoComplete="off"
                    value={line.quantity}
                    aria-invalid={qtyError ? true : undefined}
                    aria-describedby={qtyError ? `qty-${line.productId}-error` : undefined}
                    onChange={(e) => dispatch({ type: "setQuantity", productId: line.productId, value: e.target.value })}
                    onKeyDown={(e) => onQuantityKey(e, line)}
                  />
                  {qtyError && (
                    <p className="field-error" id={`qty-${line.productId}-error`}>
                      {qtyError}
                    </p>
                  )}
                </td>
                <td className="num" data-label={t("phone.unitPrice")}>
                  <label className="visually-hidden" htmlFor={`price-${line.productId}`}>
                    {t("phone.unitPriceOf", { sku: line.sku })}
                  </label>
                  <input
                    id={`price-${line.productId}`}
                    className="price-input"
                    inputMode="decimal"
                    autoComplete="off"
                    placeholder="0.00"
                    value={line.unitPrice}
                    aria-invalid={priceError ? true : undefined}
                    aria-describedby={priceError ? `price-${line.productId}-error` : undefined}
                    onChange={(e) => dispatch({ type: "setPrice", productId: line.productId, value: e.target.value })}
                    onKeyDown={onPriceKey}
                  />
                  {priceError && (
                    <p className="field-error" id={`price-${line.productId}-error`}>
                      {priceError}
                    </p>
                  )}
                </td>
                <td className="num" data-label={t("phone.taxRate")}>
                  <label className="visually-hidden" htmlFor={`tax-${line.productId}`}>
                    {t("phone.taxRateOf", { sku: line.sku })}
                  </label>
                  <select
                    id={`tax-${line.productId}`}
                    value={line.taxRate}
                    onChange={(e) => dispatch({ type: "setTaxRate", productId: line.productId, value: e.target.value })}
                  >
                    {rates.map((rate) => (
                      <option key={rate} value={rate}>
                        {rate} %
                      </option>
                    ))}
                  </select>
                  {error("taxRate") && <p className="field-error">{error("taxRate")}</p>}
                </td>
                <td className="num" data-label={t("phone.lineTotal")}>
                  {total}
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--ghost button--small"
                    aria-label={t("phone.removeLine", { sku: line.sku })}
                    onClick={() => {
                      dispatch({ type: "remove", productId: line.productId });
                      onReturn?.();
                    }}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
