import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { errorCode } from "../api/client";
import { MerchantSelect, useMerchantChoice } from "../components/MerchantField";
import { Alert, PageHeader, SelectField, TextField, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import type { DocumentLanguage, NewOrderNotificationMode, NotificationKind, NotificationSettingsFieldsFragment } from "../gql/graphql";
import { useI18n, type MessageKey } from "../i18n";
import "./notifications.css";
import { NotificationPreviewQuery, NotificationSettingsQuery, NotificationSettingsUpdateMutation } from "./operations";

// Record<NotificationKind, …> makes the type check fail when the schema gains a message this page lacks.
const KIND_LABELS: Record<NotificationKind, MessageKey> = {
  NEW_ORDER: "notifications.kind.NEW_ORDER",
  ORDER_ON_HOLD: "notifications.kind.ORDER_ON_HOLD",
  BACKORDER: "notifications.kind.BACKORDER",
  ORDER_RECEIPT: "notifications.kind.ORDER_RECEIPT",
  SHIPPED: "notifications.kind.SHIPPED",
  READY_FOR_PICKUP: "notifications.kind.READY_FOR_PICKUP",
  DELIVERED: "notifications.kind.DELIVERED",
};
const TO_CUSTOMER: ReadonlySet<NotificationKind> = new Set(["ORDER_RECEIPT", "SHIPPED", "READY_FOR_PICKUP", "DELIVERED"]);

interface MessageDraft {
  kind: NotificationKind;
  enabled: boolean;
  subject: string;
  intro: string;
}

interface Draft {
  newOrderMode: NewOrderNotificationMode;
  digestMinutes: string;
  senderName: string;
  replyTo: string;
  merchantEmail: string;
  messages: MessageDraft[];
}

function draftOf(settings: NotificationSettingsFieldsFragment): Draft {
  return {
    newOrderMode: settings.newOrderMode,
    digestMinutes: String(settings.digestMinutes),
    senderName: settings.senderName,
    replyTo: settings.replyTo,
    merchantEmail: settings.merchantEmail,
    messages: settings.messages.map((m) => ({ kind: m.kind, enabled: m.enabled, subject: m.subject, intro: m.intro })),
  };
}

const FIELDS = ["digestMinutes", "senderName", "replyTo", "merchantEmail"];

function MessageRow({ message, index, errors, onChange }: {
  message: MessageDraft;
  index: number;
  errors: FieldErrors;
  onChange: (next: MessageDraft) => void;
}) {
  const { t } = useI18n();
  const label = t(KIND_LABELS[message.kind]);
  return (
    <fieldset className="card form-grid" aria-label={label}>
      <legend>
        {label} · {t(TO_CUSTOMER.has(message.kind) ? "notifications.toCustomer" : "notifications.toMerchant")}
      </legend>
      <label className="checkbox">
        <input type="checkbox" checked={message.enabled} onChange={(e) => onChange({ ...message, enabled: e.target.checked })} />
        {t("notifications.enabled")}
      </label>
      <TextField
        label={t("notifications.subject")}
        hint={t("notifications.subjectHint")}
        value={message.subject}
        maxLength={200}
        onChange={(e) => onChange({ ...message, subject: e.target.value })}
        error={errors[`messages.${index}.subject`]}
      />
      <TextField
        label={t("notifications.intro")}
        hint={t("notifications.introHint")}
        value={message.intro}
        maxLength={1000}
        onChange={(e) => onChange({ ...message, intro: e.target.value })}
        error={errors[`messages.${index}.intro`]}
      />
    </fieldset>
  );
}

function SettingsForm({ merchantId, settings }: { merchantId: string | null; settings: NotificationSettingsFieldsFragment }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [{ fetching }, update] = useMutation(NotificationSettingsUpdateMutation);
  useEffect(() => setDraft(draftOf(settings)), [settings]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const minutes = Number(draft.digestMinutes);
    const result = await update({
      input: {
        merchantId,
        newOrderMode: draft.newOrderMode,
        digestMinutes: Number.isInteger(minutes) ? minutes : 0,
        senderName: draft.senderName,
        replyTo: draft.replyTo,
        merchantEmail: draft.merchantEmail,
        messages: draft.messages,
      },
    });
    const payload = result.data?.notificationSettingsUpdate;
    if (!payload) {
      setGeneral([errorCode(result.error) === "FORBIDDEN" ? t("form.forbidden") : t("app.error", { message: result.error?.message ?? "" })]);
      return;
    }
    const messageFields = draft.messages.flatMap((_, i) => [`messages.${i}.subject`, `messages.${i}.intro`]);
    const split = splitErrors(payload.errors, [...FIELDS, ...messageFields], errorText);
    setErrors(split.byField);
    setGeneral(split.general);
    setSaved(payload.errors.length === 0);
  }

  const setMessage = (index: number, next: MessageDraft) =>
    setDraft((current) => ({ ...current, messages: current.messages.map((m, i) => (i === index ? next : m)) }));

  return (
    <form onSubmit={submit} noValidate aria-label={t("notifications.title")}>
      {general.map((message) => (
        <Alert key={message} kind="error">
          {message}
        </Alert>
      ))}
      {saved && <Alert kind="success">{t("notifications.saved")}</Alert>}
      <div className="card form-grid">
        <h2>{t("notifications.sender")}</h2>
        <p className="field-hint">{t("notifications.languageHint", { language: t(settings.language === "de" ? "language.de" : "language.en") })}</p>
        <TextField label={t("notifications.senderName")} hint={t("notifications.senderNameHint")} value={draft.senderName} maxLength={100}
          onChange={(e) => setDraft({ ...draft, senderName: e.target.value })} error={errors.senderName} />
        <TextField label={t("notifications.replyTo")} type="email" value={draft.replyTo}
          onChange={(e) => setDraft({ ...draft, replyTo: e.target.value })} error={errors.replyTo} />
        <TextField label={t("notifications.merchantEmail")} type="email"
          hint={t("notifications.merchantEmailHint", { recipients: settings.merchantRecipients.join(", ") || "—" })}
          value={draft.merchantEmail} onChange={(e) => setDraft({ ...draft, merchantEmail: e.target.value })} error={errors.merchantEmail} />
        <SelectField label={t("notifications.newOrderMode")} value={draft.newOrderMode}
          onChange={(e) => setDraft({ ...draft, newOrderMode: e.target.value as NewOrderNotificationMode })}>
          <option value="INSTANT">{t("notifications.mode.INSTANT")}</option>
          <option value="DIGEST">{t("notifications.mode.DIGEST")}</option>
        </SelectField>
        {draft.newOrderMode === "DIGEST" && (
          <TextField label={t("notifications.digestMinutes")} inputMode="numeric" value={draft.digestMinutes}
            onChange={(e) => setDraft({ ...draft, digestMinutes: e.target.value })} error={errors.digestMinutes} />
        )}
      </div>
      <h2>{t("notifications.messages")}</h2>
      {draft.messages.map((message, index) => (
        <MessageRow key={message.kind} message={message} index={index} errors={errors} onChange={(next) => setMessage(index, next)} />
      ))}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={fetching}>
          {fetching ? t("form.saving") : t("form.save")}
        </button>
      </div>
    </form>
  );
}

/** A message as the saved settings make it (subject and text), with the merchant's latest order, in German or English. */
function MessagePreview({ merchantId }: { merchantId: string | null }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [kind, setKind] = useState<NotificationKind>("ORDER_RECEIPT");
  const [language, setLanguage] = useState<DocumentLanguage>("DE");
  const [{ data, error, fetching }] = useQuery({
    query: NotificationPreviewQuery,
    variables: { merchantId, kind, language },
    requestPolicy: "network-only",
  });
  const shown = data?.notificationPreview;
  const refusal = error?.graphQLErrors[0];
  return (
    <section className="card form-grid" aria-labelledby="preview-title">
      <h2 id="preview-title">{t("notifications.preview")}</h2>
      <SelectField label={t("notifications.previewMessage")} value={kind} onChange={(e) => setKind(e.target.value as NotificationKind)}>
        {(Object.keys(KIND_LABELS) as NotificationKind[]).map((k) => (
          <option key={k} value={k}>
            {t(KIND_LABELS[k])}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("notifications.previewLanguage")} value={language} onChange={(e) => setLanguage(e.target.value as DocumentLanguage)}>
        <option value="DE">{t("language.de")}</option>
        <option value="EN">{t("language.en")}</option>
      </SelectField>
      {refusal && <Alert kind="info">{errorText({ message: refusal.message, code: String(refusal.extensions?.code ?? "") })}</Alert>}
      {fetching && !shown && <p role="status">{t("app.loading")}</p>}
      {shown && !refusal && (
        <div className="notification-preview">
          <p>
            <strong>{t("notifications.subject")}:</strong> <span data-testid="preview-subject">{shown.subject}</span>
          </p>
          <p className="field-hint">{t("notifications.previewOrder", { number: shown.orderNumber })}</p>
          {/* The text part: the HTML part's inline styles are what the dashboard's content security policy refuses. */}
          <pre className="notification-preview-text" aria-label={t("notifications.previewText")}>{shown.text}</pre>
        </div>
      )}
    </section>
  );
}

/** Settings → Notifications: a merchant admin's own e-mails, or any merchant's for operators. */
export function NotificationSettingsPage() {
  const { t } = useI18n();
  const [chosen, setChosen] = useState("");
  const { operator, merchantId, sendMerchantId } = useMerchantChoice(chosen);
  const [{ data, fetching, error }] = useQuery({
    query: NotificationSettingsQuery,
    variables: { merchantId: sendMerchantId },
    pause: operator && !merchantId,
  });
  const settings = data?.notificationSettings;
  return (
    <>
      <PageHeader title={t("notifications.title")} subtitle={t("notifications.subtitle")} />
      {operator && <MerchantSelect value={merchantId} onChange={setChosen} />}
      {operator && !merchantId && <Alert kind="info">{t("notifications.chooseMerchant")}</Alert>}
      {error && <Alert kind="error">{t("app.error", { message: error.message })}</Alert>}
      {fetching && !settings && <p role="status">{t("app.loading")}</p>}
      {settings && <SettingsForm key={merchantId} merchantId={sendMerchantId} settings={settings} />}
      {/* Saved settings change the preview: a new key asks for it again. */}
      {settings && <MessagePreview key={`${merchantId}:${JSON.stringify(settings)}`} merchantId={sendMerchantId} />}
    </>
  );
}
