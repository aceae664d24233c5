import { useMemo, type Ref } from "react";
import { SelectField, TextField } from "../components/ui";
import { useI18n } from "../i18n";
import { countryOptions } from "./countries";
import { PAYMENT_METHODS, SHIPPING_METHODS, needsAddress, type AddressForm, type OrderForm } from "./form";

type Errors = Readonly<Record<string, string | undefined>>;

function AddressFieldset({
  legend,
  prefix,
  address,
  onChange,
  errors,
  namePlaceholder,
}: {
  legend: string;
  prefix: "shippingAddress" | "billingAddress";
  address: AddressForm;
  onChange: (address: AddressForm) => void;
  errors: Errors;
  namePlaceholder?: string;
}) {
  const { t, locale } = useI18n();
  const countries = useMemo(() => countryOptions(locale), [locale]);
  const set = (key: keyof AddressForm) => (e: { target: { value: string } }) => onChange({ ...address, [key]: e.target.value });
  const error = (key: keyof AddressForm) => errors[`${prefix}.${key}`];
  const known = countries.some((c) => c.code === address.country);
  return (
    <fieldset className="order-fieldset address-fields" aria-label={legend}>
      <legend>{legend}</legend>
      {errors[prefix] && <p className="field-error">{errors[prefix]}</p>}
      <TextField label={t("address.name")} autoComplete="off" value={address.name} onChange={set("name")} error={error("name")} placeholder={namePlaceholder} />
      <TextField label={t("address.company")} autoComplete="off" value={address.company} onChange={set("company")} error={error("company")} />
      <TextField label={t("address.line1")} autoComplete="off" value={address.line1} onChange={set("line1")} error={error("line1")} />
      <TextField label={t("address.line2")} autoComplete="off" value={address.line2} onChange={set("line2")} error={error("line2")} />
      <TextField label={t("address.postalCode")} autoComplete="off" value={address.postalCode} onChange={set("postalCode")} error={error("postalCode")} />
      <TextField label={t("address.city")} autoComplete="off" value={address.city} onChange={set("city")} error={error("city")} />
      <SelectField label={t("address.country")} value={address.country} onChange={set("country")} error={error("country")}>
        {!known && <option value={address.country}>{address.country || t("form.choose")}</option>}
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.code})
          </option>
        ))}
      </SelectField>
      <TextField label={t("address.phone")} type="tel" autoComplete="off" value={address.phone} onChange={set("phone")} error={error("phone")} />
    </fieldset>
  );
}

/**
 * Customer, shipping, payment and the addresses of an order, shared by the phone-order form and the order detail's
 * edit mode. Errors are keyed by the API's field names ("customer.email", "shippingAddress.postalCode").
 */
export function OrderFields({
  form,
  onChange,
  errors,
  customerRef,
  showPayment = true,
  showNote = true,
}: {
  form: OrderForm;
  onChange: (form: OrderForm) => void;
  errors: Errors;
  /** The customer fieldset, so a keyboard shortcut can move the focus to its first field. */
  customerRef?: Ref<HTMLFieldSetElement>;
  showPayment?: boolean;
  showNote?: boolean;
}) {
  const { t } = useI18n();
  const update = (change: Partial<OrderForm>) => onChange({ ...form, ...change });
  const setCustomer = (key: keyof OrderForm["customer"]) => (e: { target: { value: string } }) =>
    update({ customer: { ...form.customer, [key]: e.target.value } });
  const withAddress = needsAddress(form.shippingMethod);

  return (
    <div className="order-fields">
      <fieldset className="order-fieldset" aria-label={t("phone.customer")} ref={customerRef}>
        <legend>{t("phone.customer")}</legend>
        <TextField
          label={t("customer.name")}
          autoComplete="off"
          value={form.customer.name}
          onChange={setCustomer("name")}
          error={errors["customer.name"]}
        />
        <TextField label={t("customer.email")} type="email" autoComplete="off" value={form.customer.email} onChange={setCustomer("email")} error={errors["customer.email"]} />
        <TextField label={t("customer.phone")} type="tel" autoComplete="off" value={form.customer.phone} onChange={setCustomer("phone")} error={errors["customer.phone"]} />
      </fieldset>

      <fieldset className="order-fieldset" aria-label={t("phone.shippingAndPayment")}>
        <legend>{t("phone.shippingAndPayment")}</legend>
        <SelectField
          label={t("phone.shippingMethod")}
          value={form.shippingMethod}
          onChange={(e) => update({ shippingMethod: e.target.value as OrderForm["shippingMethod"] })}
          error={errors.shippingMethod}
        >
          {SHIPPING_METHODS.map((method) => (
            <option key={method} value={method}>
              {t(`shippingMethod.${method}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("phone.shippingPrice")}
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.00"
          value={form.shippingPrice}
          onChange={(e) => update({ shippingPrice: e.target.value })}
          error={errors.shippingPrice}
        />
        {showPayment && (
          <SelectField
            label={t("phone.paymentMethod")}
            value={form.paymentMethod}
            onChange={(e) => update({ paymentMethod: e.target.value as OrderForm["paymentMethod"] })}
            error={errors.paymentMethod}
          >
            {PAYMENT_METHODS.map((method) => (
              <option key={method} value={method}>
                {t(`paymentMethod.${method}`)}
              </option>
            ))}
          </SelectField>
        )}
      </fieldset>

      {withAddress ? (
        <AddressFieldset
          legend={t("phone.shippingAddress")}
          prefix="shippingAddress"
          address={form.shippingAddress}
          onChange={(shippingAddress) => update({ shippingAddress })}
          errors={errors}
          namePlaceholder={form.customer.name || undefined}
        />
      ) : (
        <p className="collect-note" role="note">
          {t("phone.collectNoAddress")}
        </p>
      )}
      {withAddress && (
        <label className="check billing-same">
          <input type="checkbox" checked={form.billingSame} onChange={(e) => update({ billingSame: e.target.checked })} />
          {t("phone.billingSame")}
        </label>
      )}
      {(!withAddress || !form.billingSame) && (
        <AddressFieldset
          legend={t("phone.billingAddress")}
          prefix="billingAddress"
          address={form.billingAddress}
          onChange={(billingAddress) => update({ billingAddress, billingSame: withAddress ? form.billingSame : false })}
          errors={errors}
          namePlaceholder={form.customer.name || undefined}
        />
      )}
      {showNote && (
        <div className={`field${errors.customerNote ? " field--invalid" : ""} order-note-field`}>
          <label htmlFor="order-customer-note">{t("phone.customerNote")}</label>
          <textarea id="order-customer-note" rows={2} value={form.customerNote} onChange={(e) => update({ customerNote: e.target.value })} />
          {errors.customerNote && <p className="field-error">{errors.customerNote}</p>}
        </div>
      )}
    </div>
  );
}
