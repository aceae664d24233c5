import { useState } from "react";
import type { ApiUserError } from "../api/client";
import { useI18n } from "../i18n";
import { useUserErrorText } from "./ui";

interface ConfirmButtonProps {
  /** The button's text ("Revoke"). */
  label: string;
  /** What it acts on, for the button's accessible name ("Revoke: Shop sync"). */
  target: string;
  /** The question asked before ("Revoke Shop sync?"). */
  question: string;
  busy: boolean;
  /** Runs the mutation; its payload's errors (none: done), or nothing when it was refused outright. */
  run: () => Promise<{ errors: readonly ApiUserError[] } | null | undefined>;
  /** What is said when it is done. */
  done: string;
  onDone: (text: string, ok: boolean) => void;
}

/**
 * A row's destructive action: the button asks first, in place, with Confirm and Cancel; then says what came of it
 * (`done`, the API's reasons, or "not allowed").
 */
export function ConfirmButton({ label, target, question, busy, run, done, onDone }: ConfirmButtonProps) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="button button--small" onClick={() => setConfirming(true)} aria-label={`${label}: ${target}`}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm-text">{question}</span>
      <button
        type="button"
        className="button button--small button--danger"
        disabled={busy}
        onClick={async () => {
          const payload = await run();
          setConfirming(false);
          if (payload && payload.errors.length === 0) onDone(done, true);
          else onDone(payload?.errors.map(errorText).join(" ") ?? t("form.forbidden"), false);
        }}
      >
        {t("form.confirm")}
      </button>
      <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(false)}>
        {t("form.cancel")}
      </button>
    </span>
  );
}
