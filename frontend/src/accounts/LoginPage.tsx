import { useState, type FormEvent } from "react";
import { useAuth } from "../auth/AuthProvider";
import { Alert, TextField, useUserErrorText } from "../components/ui";
import { useI18n } from "../i18n";
import { LanguageSwitcher } from "../shell/LanguageSwitcher";

export function LoginPage() {
  const { t } = useI18n();
  const { state, signIn } = useAuth();
  const errorText = useUserErrorText();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const notice = state.status === "signedOut" ? state.notice : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setFieldErrors({});
    const result = await signIn(email.trim(), password);
    if (result.ok) return; // the app switches to the dashboard
    setBusy(false);
    if ("network" in result) {
      setFailure(t("login.networkError"));
      return;
    }
    const byField: Record<string, string> = {};
    const general: string[] = [];
    for (const error of result.errors) {
      if ((error.field === "email" || error.field === "password") && error.code !== "INVALID_CREDENTIALS") byField[error.field] = errorText(error);
      else general.push(errorText(error));
    }
    setFieldErrors(byField);
    if (general.length) setFailure(t("login.failed", { message: general.join(" ") }));
  }

  return (
    <div className="login">
      <main className="login-card" id="main">
        <div className="login-brand">
          <svg viewBox="0 0 32 32" width="40" height="40" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M9 23V9h8a5 5 0 0 1 0 10h-4v4z" fill="#fff" />
          </svg>
          <span>{t("app.name")}</span>
        </div>
        <h1>{t("login.title")}</h1>
        <p className="page-subtitle">{t("login.subtitle")}</p>
        {notice && !failure && (
          <Alert kind={notice === "loggedOut" ? "success" : "info"}>
            {t(notice === "expired" ? "login.expired" : notice === "ended" ? "login.ended" : "login.loggedOut")}
          </Alert>
        )}
        {failure && <Alert kind="error">{failure}</Alert>}
        <form onSubmit={submit} noValidate>
          <TextField
            label={t("login.email")}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            error={fieldErrors.email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <TextField
            label={t("login.password")}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            error={fieldErrors.password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button type="submit" className="button button--primary button--block" disabled={busy}>
            {busy ? t("login.submitting") : t("login.submit")}
          </button>
        </form>
        <div className="login-footer">
          <LanguageSwitcher />
        </div>
      </main>
    </div>
  );
}
