import { useId, useState, type FormEvent, type TextareaHTMLAttributes } from "react";
import { useMutation } from "urql";
import { errorCode } from "../api/client";
import { Dialog } from "../components/Dialog";
import { Alert, TextField, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import type { ProductFamilyFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import { ProductFamilyUpdateMutation } from "./operations";

const FIELDS = ["name", "code", "description", "images", "customsTariffNumber", "countryOfOrigin"];

/** What a family's variants share: its name, article number, description, pictures and customs data. */
export function ProductFamilyDialog({
  family,
  onClose,
  onSaved,
}: {
  family: ProductFamilyFieldsFragment;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [form, setForm] = useState({
    name: family.name,
    code: family.code ?? "",
    description: family.description,
    images: family.images.join("\n"),
    customsTariffNumber: family.customsTariffNumber ?? "",
    countryOfOrigin: family.countryOfOrigin ?? "",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, update] = useMutation(ProductFamilyUpdateMutation);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await update({
      input: {
        familyId: family.id,
        name: form.name.trim(),
        code: form.code.trim() || null,
        description: form.description,
        images: form.images.split("\n").map((line) => line.trim()).filter(Boolean),
        customsTariffNumber: form.customsTariffNumber.trim() || null,
        countryOfOrigin: form.countryOfOrigin.trim() || null,
      },
    });
    const payload = result.data?.productFamilyUpdate;
    if (!payload) {
      setGeneral([errorCode(result.error) === "FORBIDDEN" ? t("form.forbidden") : t("app.error", { message: result.error?.message ?? "" })]);
      return;
    }
    const split = splitErrors(payload.errors, FIELDS, errorText);
    setErrors(split.byField);
    setGeneral(split.general);
    if (payload.productFamily) onSaved();
  }

  return (
    <Dialog title={t("family.editTitle", { name: family.name })} onClose={onClose}>
      <form className="form-grid" onSubmit={submit} noValidate>
        {general.map((message) => (
          <Alert key={message} kind="error">
            {message}
          </Alert>
        ))}
        <TextField label={t("family.name")} name="name" required value={form.name} onChange={set("name")} error={errors.name} />
        <TextField label={t("family.code")} name="code" autoComplete="off" value={form.code} onChange={set("code")} error={errors.code} />
        <TextArea label={t("family.description")} name="description" rows={4} value={form.description} onChange={set("description")} error={errors.description} />
        <TextArea label={t("family.images")} name="images" rows={3} hint={t("family.imagesHint")} value={form.images} onChange={set("images")} error={errors.images} />
        <TextField label={t("product.customsTariffNumber")} name="customsTariffNumber" value={form.customsTariffNumber} onChange={set("customsTariffNumber")} error={errors.customsTariffNumber} />
        <TextField label={t("product.countryOfOrigin")} name="countryOfOrigin" maxLength={2} hint={t("product.countryHint")} value={form.countryOfOrigin} onChange={set("countryOfOrigin")} error={errors.countryOfOrigin} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={fetching}>
            {fetching ? t("form.saving") : t("form.save")}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            {t("form.cancel")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function TextArea({ label, hint, error, ...area }: { label: string; hint?: string; error?: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} className="textarea--prose" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...area} />
      {hint && <p className="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}
