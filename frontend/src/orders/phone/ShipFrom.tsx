import { useI18n } from "../../i18n";

/** Where the order ships from (and reserves stock), chosen before the draft exists; fixed after. */
export function ShipFrom({
  choices,
  value,
  fixed,
  onChange,
}: {
  choices: readonly { id: string; code: string; name: string; isActive: boolean }[];
  value: string | null;
  fixed: boolean;
  onChange: (warehouseId: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="card merchant-first">
      <div className="field">
        <label htmlFor="phone-warehouse">{t("orderDetail.shipsFrom")}</label>
        <select id="phone-warehouse" value={value ?? ""} disabled={fixed} onChange={(e) => onChange(e.target.value)}>
          {choices.map((w) => (
            <option key={w.id} value={w.id}>
              {w.code} · {w.name}
              {w.isActive ? "" : ` (${t("phone.warehouseInactive")})`}
            </option>
          ))}
        </select>
        {!fixed && <p className="field-hint">{t("phone.warehouseHint")}</p>}
      </div>
    </div>
  );
}
