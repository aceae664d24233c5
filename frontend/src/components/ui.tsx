import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import { useI18n } from "../i18n";
import type { ApiUserError } from "../api/client";

export type FieldErrors = Record<string, string>;

/** Expected failures from a mutation payload: by input field, plus the ones that name no field. */
export function useUserErrorText() {
  const { t, locale, has } = useI18n();
  return (error: Pick<ApiUserError, "message" | "code">): string => {
    // The API explains in English; other languages get the translation of the error's code.
    if (locale === "en") return error.message;
    const key = `error.${error.code}`;
    return has(key) ? t(key) : error.message;
  };
}

export function splitErrors(
  errors: readonly ApiUserError[],
  fields: readonly string[],
  text: (error: Pick<ApiUserError, "message" | "code">) => string,
): { byField: FieldErrors; general: string[] } {
  const byField: FieldErrors = {};
  const general: string[] = [];
  for (const error of errors) {
    if (error.field && fields.includes(error.field) && !byField[error.field]) byField[error.field] = text(error);
    else general.push(text(error));
  }
  return { byField, general };
}

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  error?: string;
  hint?: string;
}

export function TextField({ label, error, hint, ...input }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint && <p className="field-hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  error?: string;
  children: ReactNode;
}

export function SelectField({ label, error, children, ...select }: SelectProps) {
  const id = useId();
  return (
    <div className={`field${error ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {children}
      </select>
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

export function Alert({ kind, children }: { kind: "error" | "info" | "success"; children: ReactNode }) {
  return (
    <div className={`alert alert--${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {children && <div className="page-header-aside">{children}</div>}
    </div>
  );
}

/** Date and time in the user's zone and language, with the exact value for assistive tech and tooltips. */
export function Time({ value, mode = "dateTime" }: { value: string; mode?: "dateTime" | "date" | "smart" }) {
  const i18n = useI18n();
  const date = new Date(value);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  const text = mode === "date" ? i18n.date(value) : mode === "smart" && sameDay ? i18n.time(value) : i18n.dateTime(value);
  return (
    <time dateTime={value} title={i18n.dateTime(value)}>
      {text}
    </time>
  );
}
