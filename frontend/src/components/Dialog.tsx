import { useEffect, useId, useRef, type ReactNode } from "react";
import { useI18n } from "../i18n";

/**
 * A modal dialog on the native <dialog>: the browser traps focus inside, Escape closes it, and focus returns to
 * what opened it.
 */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) dialog.showModal();
    // The first field, not the close button, takes the keyboard.
    dialog.querySelector<HTMLElement>("form input, form select, form textarea")?.focus();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button button--ghost button--small" onClick={onClose} aria-label={t("dialog.close")}>
          ✕
        </button>
      </div>
      {children}
    </dialog>
  );
}
