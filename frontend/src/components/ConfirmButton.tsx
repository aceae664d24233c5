import { useState } from "react";
import { useI18n } from "../i18n";

interface ConfirmButtonProps {
  /** The button's text ("Revoke"). */
  label: string;
  /** What it acts on, for the button's accessible name ("Revoke: Shop sync"). */
  target: string;
  /** The question asked before ("Revoke Shop sync?"). */
  question: string;
  busy: boolean;
  onConfirm: () => Promise<void>;
}

/** A row's destructive action: the button asks first, in place, with Confirm and Cancel. */
export function ConfirmButton({ label, target, question, busy, onConfirm }: ConfirmButtonProps) {
  const { t } = useI18n();
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
          await onConfirm();
          setConfirming(false);
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
