import { useI18n } from "../../i18n";
import type { PhoneDraft } from "./usePhoneDraft";

/** Place the order (Ctrl+Enter), save the draft now (Ctrl+S), discard it (asks first). */
export function DraftActions({ phone }: { phone: PhoneDraft }) {
  const { t } = useI18n();
  return (
    <div className="form-actions">
      <button type="button" className="button button--primary" onClick={() => void phone.place()} disabled={phone.placing} aria-keyshortcuts="Control+Enter">
        {phone.placing ? t("phone.placing") : t("phone.place")}
      </button>
      <button type="button" className="button" onClick={phone.flush} disabled={!phone.dirty || phone.saveState === "saving"} aria-keyshortcuts="Control+S">
        {t("phone.saveDraft")}
      </button>
      {phone.draft &&
        (phone.confirmDiscard ? (
          <span className="confirm">
            <span className="confirm-text">{t("phone.discardConfirm")}</span>
            <button type="button" className="button button--danger button--small" onClick={() => void phone.discard()} disabled={phone.discarding}>
              {t("phone.discard")}
            </button>
            <button type="button" className="button button--ghost button--small" onClick={() => phone.setConfirmDiscard(false)}>
              {t("form.cancel")}
            </button>
          </span>
        ) : (
          <button type="button" className="button button--danger-ghost" onClick={() => phone.setConfirmDiscard(true)}>
            {t("phone.discard")}
          </button>
        ))}
    </div>
  );
}
