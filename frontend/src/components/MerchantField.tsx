import { useSignedIn } from "../auth/AuthProvider";
import { isOperator } from "../auth/permissions";
import { SelectField } from "./ui";
import { useI18n } from "../i18n";
import { useMerchantScope } from "../shell/MerchantScope";

/**
 * Operators name the merchant a new product or delivery belongs to (preset from the header's switcher); a
 * merchant's users never choose. Returns the merchant id to send (null: the user's own) and the field to show.
 */
export function useMerchantChoice(chosen: string) {
  const { user } = useSignedIn();
  const { merchantFilter } = useMerchantScope();
  const operator = isOperator(user.role);
  const merchantId = operator ? chosen || merchantFilter || "" : (user.merchant?.id ?? "");
  return { operator, merchantId, sendMerchantId: operator ? merchantId || null : null };
}

/** The merchant a new object belongs to, chosen from the merchants the header's switcher lists. */
export function MerchantSelect({ value, onChange, error, label }: { value: string; onChange: (id: string) => void; error?: string; label?: string }) {
  const { t } = useI18n();
  const { merchants } = useMerchantScope();
  return (
    <SelectField label={label ?? t("products.merchant")} name="merchantId" value={value} onChange={(e) => onChange(e.target.value)} error={error} required>
      <option value="">{t("form.choose")}</option>
      {merchants.map((m) => (
        <option key={m.id} value={m.id}>
          {m.code} · {m.name}
        </option>
      ))}
    </SelectField>
  );
}
