import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import type { ApiUserError } from "../api/client";
import { Dialog } from "../components/Dialog";
import { Alert, TextField, useUserErrorText } from "../components/ui";
import { useI18n } from "../i18n";
import { OrderDetailCancelMutation, OrderDetailHoldMutation, OrderDetailMarkPaidMutation, OrderDetailReleaseMutation } from "./operations";

export type OrderAction = "hold" | "release" | "cancel" | "markPaid";

interface Target {
  id: string;
  number: string;
  version: number;
}

const FIELD: Record<OrderAction, string> = { hold: "reason", release: "note", cancel: "reason", markPaid: "transactionReference" };

/**
 * Hold (with a reason), release a hold (with an optional note), cancel (with a reason, a clear warning and a
 * danger button) and mark paid (with the bank's reference). Each names the version the person saw, so a change
 * made meanwhile is refused with the server's "changed by … meanwhile" instead of being overridden.
 */
export function OrderActionDialog({
  action,
  order,
  track,
  onClose,
  onDone,
}: {
  action: OrderAction;
  order: Target;
  /** Runs the mutation as one of the page's own changes (so its live echo is not announced as someone else's). */
  track: <T>(work: () => Promise<T>, versionOf: (result: T) => number | null | undefined) => Promise<T>;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [text, setText] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [, hold] = useMutation(OrderDetailHoldMutation);
  const [, release] = useMutation(OrderDetailReleaseMutation);
  const [, cancel] = useMutation(OrderDetailCancelMutation);
  const [, markPaid] = useMutation(OrderDetailMarkPaidMutation);

  const required = action === "hold" || action === "cancel";

  async function run(): Promise<{ errors: readonly ApiUserError[]; ok: boolean; failure?: string }> {
    const value = text.trim();
    switch (action) {
      case "hold": {
        const r = await track(() => hold({ input: { orderId: order.id, reason: value, expectedVersion: order.version } }), (x) => x.data?.orderHold.order?.version);
        return { errors: r.data?.orderHold.errors ?? [], ok: !!r.data?.orderHold.order, failure: r.error?.message };
      }
      case "release": {
        const r = await track(
          () => release({ input: { orderId: order.id, note: value, expectedVersion: order.version } }),
          (x) => x.data?.orderReleaseHold.order?.version,
        );
        return { errors: r.data?.orderReleaseHold.errors ?? [], ok: !!r.data?.orderReleaseHold.order, failure: r.error?.message };
      }
      case "cancel": {
        const r = await track(() => cancel({ input: { orderId: order.id, reason: value, expectedVersion: order.version } }), (x) => x.data?.orderCancel.order?.version);
        return { errors: r.data?.orderCancel.errors ?? [], ok: !!r.data?.orderCancel.order, failure: r.error?.message };
      }
      case "markPaid": {
        const r = await track(
          () => markPaid({ input: { orderIds: [order.id], transactionReference: value } }),
          (x) => x.data?.orderMarkAsPaid.results[0]?.order?.version,
        );
        const payload = r.data?.orderMarkAsPaid;
        const errors = [...(payload?.errors ?? []), ...(payload?.results.flatMap((result) => result.errors) ?? [])];
        return { errors, ok: !!payload?.results[0]?.order, failure: r.error?.message };
      }
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (required && !text.trim()) {
      setFieldError(t("form.required"));
      return;
    }
    setBusy(true);
    try {
      const { errors, ok, failure } = await run();
      if (ok && errors.length === 0) {
        onDone(t(`orderAction.${action}.done`, { number: order.number }));
        return;
      }
      setFieldError(errors.find((e) => e.field === FIELD[action] || e.field === "references")?.message);
      const rest = errors.filter((e) => e.field !== FIELD[action] && e.field !== "references");
      setGeneral(
        rest.length
          ? rest.map((e) => (e.code === "VERSION_CONFLICT" ? `${t("error.VERSION_CONFLICT")} ${e.message}` : errorText(e)))
          : errors.length
            ? []
            : [t("app.error", { message: failure ?? "" })],
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t(`orderAction.${action}.title`, { number: order.number })} onClose={onClose}>
      <form onSubmit={submit} noValidate aria-label={t(`orderAction.${action}.title`, { number: order.number })}>
        <p className="dialog-context">{t(`orderAction.${action}.explain`)}</p>
        {general.map((message) => (
          <Alert key={message} kind="error">
            {message}
          </Alert>
        ))}
        <TextField
          label={t(`orderAction.${action}.field`)}
          value={text}
          required={required}
          autoComplete="off"
          onChange={(e) => {
            setText(e.target.value);
            setFieldError(undefined);
          }}
          error={fieldError}
        />
        <div className="form-actions">
          <button type="submit" className={`button ${action === "cancel" ? "button--danger" : "button--primary"}`} disabled={busy}>
            {busy ? t("form.saving") : t(`orderAction.${action}.submit`)}
          </button>
          <button type="button" className="button button--ghost" onClick={onClose}>
            {t("orderAction.back")}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
