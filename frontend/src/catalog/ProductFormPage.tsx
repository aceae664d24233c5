import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { errorCode } from "../api/client";
import { ProductCreateMutation, ProductFamilyQuery, ProductQuery, ProductUpdateMutation } from "./operations";
import { MerchantSelect, useMerchantChoice } from "../components/MerchantField";
import { Alert, PageHeader, TextField, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import type { ProductCreateInput, ProductDetailFieldsFragment, ProductFamilyQuery as FamilyQueryResult, ProductUpdateInput } from "../gql/graphql";
import { useI18n } from "../i18n";
import { NotFoundPage } from "../components/StatusPages";

const VARIANT_TEXT = ["name", "barcode", "size", "colour"] as const;
// A new product without a family is a family of one, which takes these; afterwards they are the family's.
const CUSTOMS = ["customsTariffNumber", "countryOfOrigin"] as const;
const NUMBERS = ["lowStockThreshold", "weightGrams", "lengthMm", "widthMm", "heightMm"] as const;
const FIELDS = ["merchantId", "familyId", "sku", ...VARIANT_TEXT, ...CUSTOMS, ...NUMBERS];

type Form = Record<(typeof VARIANT_TEXT)[number] | (typeof CUSTOMS)[number] | (typeof NUMBERS)[number] | "sku", string>;
type Family = Extract<NonNullable<FamilyQueryResult["node"]>, { __typename: "ProductFamily" }>;

function initial(product?: ProductDetailFieldsFragment): Form {
  const str = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  return {
    sku: product?.sku ?? "",
    name: product?.name ?? "",
    barcode: str(product?.barcode),
    size: str(product?.size),
    colour: str(product?.colour),
    customsTariffNumber: str(product?.customsTariffNumber),
    countryOfOrigin: str(product?.countryOfOrigin),
    lowStockThreshold: str(product?.lowStockThreshold ?? 5),
    weightGrams: str(product?.weightGrams),
    lengthMm: str(product?.lengthMm),
    widthMm: str(product?.widthMm),
    heightMm: str(product?.heightMm),
  };
}

/** Whole numbers go out as numbers, blanks as null, anything else as it is (the API says what is wrong). */
function toNumber(value: string): number | null {
  const trimmed = value.trim();
  if (!trimmed) return null;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** A product's form: a new one (a family of one, or with `family` a variant of it) or an existing one. */
function ProductForm({ product, family }: { product?: ProductDetailFieldsFragment; family?: Family }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const errorText = useUserErrorText();
  const [chosen, setChosen] = useState("");
  const { operator, merchantId, sendMerchantId } = useMerchantChoice(chosen);
  const [form, setForm] = useState<Form>(() => initial(product));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching: creating }, create] = useMutation(ProductCreateMutation);
  const [{ fetching: updating }, update] = useMutation(ProductUpdateMutation);
  const editing = Boolean(product);
  // Customs data is a family's: only a new family of one takes it from this form.
  const customs = !editing && !family;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const numbers: FieldErrors = {};
    const values: Omit<ProductUpdateInput, "productId"> = {};
    for (const key of NUMBERS) {
      const n = toNumber(form[key]);
      if (Number.isNaN(n)) numbers[key] = t("form.wholeNumber");
      values[key] = n;
    }
    if (Object.keys(numbers).length) {
      setErrors(numbers);
      setGeneral([t("form.errors")]);
      return;
    }
    // A variant's blank name is named after its family; a blank name otherwise is the API's to refuse.
    for (const key of VARIANT_TEXT) values[key] = form[key].trim() || (key === "name" && !family ? "" : null);
    if (values.lowStockThreshold === null) delete values.lowStockThreshold; // blank: keep (or default) the threshold
    const created: ProductCreateInput = family
      ? { ...values, sku: form.sku.trim(), familyId: family.id }
      : { ...values, ...customsValues(), sku: form.sku.trim(), merchantId: sendMerchantId };
    const result = product ? await update({ input: { productId: product.id, ...values } }) : await create({ input: created });
    const payload = result.data && ("productUpdate" in result.data ? result.data.productUpdate : result.data.productCreate);
    if (!payload) {
      setGeneral([errorCode(result.error) === "FORBIDDEN" ? t("form.forbidden") : t("app.error", { message: result.error?.message ?? "" })]);
      return;
    }
    const split = splitErrors(payload.errors, FIELDS, errorText);
    setErrors(split.byField);
    setGeneral(split.general);
    if (payload.product) navigate(`/products/${encodeURIComponent(payload.product.id)}`, { state: { saved: true } });
  }

  function customsValues(): Pick<ProductCreateInput, (typeof CUSTOMS)[number]> {
    return { customsTariffNumber: form.customsTariffNumber.trim() || null, countryOfOrigin: form.countryOfOrigin.trim() || null };
  }

  const set = (key: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const number = (key: (typeof NUMBERS)[number]) => (
    <TextField label={t(`product.${key}`)} name={key} inputMode="numeric" value={form[key]} onChange={set(key)} error={errors[key]} />
  );

  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="product-form-title">
      <h2 id="product-form-title">{editing ? t("products.edit") : t("products.create")}</h2>
      {general.map((message) => (
        <Alert key={message} kind="error">
          {message}
        </Alert>
      ))}
      {family && (
        <p className="field-hint">
          {t("product.variantOf", { name: family.code ? `${family.name} (${family.code})` : family.name })}
        </p>
      )}
      {errors.familyId && <Alert kind="error">{errors.familyId}</Alert>}
      {!editing && !family && operator && <MerchantSelect value={merchantId} onChange={setChosen} error={errors.merchantId} />}
      {editing ? (
        <TextField label={t("products.sku")} name="sku" value={form.sku} readOnly hint={t("product.skuFixed")} />
      ) : (
        <TextField label={t("products.sku")} name="sku" required autoComplete="off" value={form.sku} onChange={set("sku")} error={errors.sku} />
      )}
      <TextField label={t("products.name")} name="name" required={!family} hint={family ? t("product.nameInFamilyHint") : undefined} value={form.name} onChange={set("name")} error={errors.name} />
      <TextField label={t("product.size")} name="size" autoComplete="off" value={form.size} onChange={set("size")} error={errors.size} />
      <TextField label={t("product.colour")} name="colour" autoComplete="off" value={form.colour} onChange={set("colour")} error={errors.colour} />
      <TextField label={t("products.barcode")} name="barcode" inputMode="numeric" hint={t("product.barcodeHint")} value={form.barcode} onChange={set("barcode")} error={errors.barcode} />
      {number("lowStockThreshold")}
      {number("weightGrams")}
      {number("lengthMm")}
      {number("widthMm")}
      {number("heightMm")}
      {customs ? (
        <>
          <TextField label={t("product.customsTariffNumber")} name="customsTariffNumber" value={form.customsTariffNumber} onChange={set("customsTariffNumber")} error={errors.customsTariffNumber} />
          <TextField label={t("product.countryOfOrigin")} name="countryOfOrigin" maxLength={2} hint={t("product.countryHint")} value={form.countryOfOrigin} onChange={set("countryOfOrigin")} error={errors.countryOfOrigin} />
        </>
      ) : (
        editing && <p className="field-hint">{t("product.customsOfFamily")}</p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={creating || updating}>
          {creating || updating ? t("form.saving") : editing ? t("form.save") : t("products.create")}
        </button>
        <Link className="button button--ghost" to={product ? `/products/${encodeURIComponent(product.id)}` : "/products"}>
          {t("form.cancel")}
        </Link>
      </div>
    </form>
  );
}

/** A new product; `?family=<id>` makes it a variant of that family. */
export function ProductCreatePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const familyId = params.get("family");
  const [{ data, fetching }] = useQuery({ query: ProductFamilyQuery, variables: { id: familyId ?? "" }, pause: !familyId });
  const family = data?.node?.__typename === "ProductFamily" ? data.node : undefined;
  if (familyId && fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (familyId && !family) return <NotFoundPage />;
  return (
    <section>
      <PageHeader title={family ? t("family.addVariant") : t("products.create")} subtitle={family ? family.name : t("products.createSubtitle")} />
      <ProductForm key={familyId ?? ""} family={family} />
    </section>
  );
}

export function ProductEditPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const [{ data, fetching }] = useQuery({ query: ProductQuery, variables: { id, movements: 1 } });
  const product = data?.node?.__typename === "Product" ? data.node : null;
  if (fetching && !data) return <p className="empty">{t("app.loading")}</p>;
  if (!product) return <NotFoundPage />;
  return (
    <section>
      <PageHeader title={`${product.sku} · ${product.name}`} />
      <ProductForm product={product} />
    </section>
  );
}
