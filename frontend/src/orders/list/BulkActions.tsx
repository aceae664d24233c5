import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import type { ApiUserError } from "../../api/client";
import { Alert, TextField, useUserErrorText } from "../../components/ui";
import type { OrderBulkOutcomeFragment } from "../../gql/graphql";
import { useI18n, type MessageKey } from "../../i18n";
import {
  OrdersBulkCancelMutation,
  OrdersBulkHoldMutation,
  OrdersBulkMarkPaidMutation,
  OrdersBulkReleaseMutation,
  OrdersBulkTagMutation,
} from "./listOperations";

export type BulkAction = "markPaid" | "hold" | "release" | "cancel" | "tag";

const LABEL: Record<BulkAction, MessageKey> = {
  markPaid: "bulk.markPaid",
  hold: "bulk.hold",
  release: "bulk.release",
  cancel: "bulk.cancel",
  tag: "bulk.tag",
};

export interface SelectedOrder {
  id: string;
  number: string;
}

/** One order's outcome of a bulk action, with the number the user knows it by. */
export interface BulkLine {
  orderId: string;
  number: string;
  errors: ApiUserError[];
}

export interface BulkReport {
  action: BulkAction;
  succeeded: number;
  failed: number;
  lines: BulkLine[];
}

/** The payload's results in the order the user selected them, each named by its order number. */
export function bulkReport(action: BulkAction, outcome: OrderBulkOutcomeFragment, selected: readonly SelectedOrder[]): BulkReport {
  const numbers = new Map(selected.map((o) => [o.id, o.number]));
  return {
    action,
    succeeded: outcome.succeeded,
    failed: outcome.failed,
    lines: outcome.results.map((r) => ({ orderId: r.orderId, number: r.order?.number ?? numbers.get(r.orderId) ?? r.orderId, errors: r.errors })),
  };
}

/**
 * The actions on the selected orders. Each asks for what it needs (a bank reference, a reason, a tag), runs on every
 * selected order on the server — each order on its own — and reports back per order.
 */
export function BulkActions({
  selected,
  canPay,
  canWrite,
  onDone,
  onClear,
}: {
  selected: readonly SelectedOrder[];
  canPay: boolean;
  canWrite: boolean;
  onDone: (report: BulkReport) => void;
  onClear: () => void;
}) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [action, setAction] = useState<BulkAction | null>(null);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [, markPaid] = useMutation(OrdersBulkMarkPaidMutation);
  const [, hold] = useMutation(OrdersBulkHoldMutation);
  const [, release] = useMutation(OrdersBulkReleaseMutation);
  const [, cancel] = useMutation(OrdersBulkCancelMutation);
  const [, tag] = useMutation(OrdersBulkTagMutation);

  const actions: BulkAction[] = [...(canPay ? (["markPaid"] as const) : []), ...(canWrite ? (["hold", "release", "cancel", "tag"] as const) : [])];
  const needsText = action === "hold" || action === "cancel" || action === "tag";

  const choose = (next: BulkAction) => {
    setAction((current) => (current === next ? null : next));
    setText("");
    setProblem(null);
    setFieldError(undefined);
  };

  const run = async (chosen: BulkAction, orderIds: string[], value: string) => {
    if (chosen === "markPaid") {
      const r = await markPaid({ input: { orderIds, transactionReference: value } });
      return { data: r.data?.orderMarkAsPaid, error: r.error };
    }
    if (chosen === "hold") {
      const r = await hold({ input: { orderIds, reason: value } });
      return { data: r.data?.orderBulkHold, error: r.error };
    }
    if (chosen === "release") {
      const r = await release({ input: { orderIds, note: value } });
      return { data: r.data?.orderBulkReleaseHold, error: r.error };
    }
    if (chosen === "cancel") {
      const r = await cancel({ input: { orderIds, reason: value } });
      return { data: r.data?.orderBulkCancel, error: r.error };
    }
    const r = await tag({ input: { orderIds, add: [value] } });
    return { data: r.data?.orderBulkTag, error: r.error };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!action || busy) return;
    if (needsText && !text.trim()) {
      setFieldError(t("form.required"));
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    setProblem(null);
    const orderIds = selected.map((o) => o.id);
    const value = text.trim();
    const { data, error } = await run(action, orderIds, value);
    setBusy(false);
    if (!data) {
      setProblem(t("app.error", { message: error?.message ?? t("login.networkError") }));
      return;
    }
    const result = data;
    if (result.errors.length) {
      setProblem(result.errors.map(errorText).join(" "));
      return;
    }
    onDone(bulkReport(action, result, selected));
    setAction(null);
    setText("");
  };

  const field =
    action === "markPaid" ? (
      <TextField label={t("bulk.reference")} hint={t("bulk.referenceHint")} value={text} error={fieldError} onChange={(e) => setText(e.target.value)} maxLength={120} autoFocus />
    ) : action === "release" ? (
      <TextField label={t("bulk.note")} value={text} error={fieldError} onChange={(e) => setText(e.target.value)} maxLength={500} autoFocus />
    ) : action === "tag" ? (
      <TextField label={t("bulk.tagName")} value={text} error={fieldError} onChange={(e) => setText(e.target.value)} maxLength={40} required autoFocus />
    ) : action ? (
      <TextField label={t("bulk.reason")} value={text} error={fieldError} onChange={(e) => setText(e.target.value)} maxLength={500} required autoFocus />
    ) : null;

  return (
    <div className="bulk-bar" role="region" aria-label={t("bulk.label")}>
      <div className="bulk-bar-head">
        <strong aria-live="polite">{t("orders.selected", { count: selected.length })}</strong>
        <div className="bulk-buttons">
          {actions.map((a) => (
            <button key={a} type="button" className={`button button--small${action === a ? " button--primary" : ""}`} aria-pressed={action === a} onClick={() => choose(a)}>
              {t(LABEL[a])}
            </button>
          ))}
          <button type="button" className="button button--small button--ghost" onClick={onClear}>
            {t("orders.clearSelection")}
          </button>
        </div>
      </div>
      {action && (
        <form className="bulk-form" aria-label={t(LABEL[action])} onSubmit={submit} noValidate>
          {field}
          <button type="submit" className={`button${action === "cancel" ? " button--danger" : " button--primary"}`} disabled={busy}>
            {busy ? t("bulk.working") : t("bulk.apply", { action: t(LABEL[action]), count: selected.length })}
          </button>
        </form>
      )}
      {problem && <Alert kind="error">{problem}</Alert>}
    </div>
  );
}

/** What a bulk action did to each order. */
export function BulkResults({ report, onDismiss }: { report: BulkReport; onDismiss: () => void }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  return (
    <section className={`bulk-results alert ${report.failed ? "alert--warn" : "alert--success"}`} aria-labelledby="bulk-results-title">
      <div className="bulk-bar-head">
        <p id="bulk-results-title" role="status" className="bulk-results-title">
          {t("bulk.results", { action: t(LABEL[report.action]), succeeded: report.succeeded, failed: report.failed })}
        </p>
        <button type="button" className="button button--small button--ghost" onClick={onDismiss}>
          {t("bulk.dismiss")}
        </button>
      </div>
      <ul className="bulk-lines" aria-label={t("bulk.resultsList")}>
        {report.lines.map((line) => (
          <li key={line.orderId} data-number={line.number} data-outcome={line.errors.length ? "failed" : "done"}>
            <strong>{line.number}</strong>
            {": "}
            {line.errors.length ? <span className="bulk-error">{line.errors.map(errorText).join(" ")}</span> : <span className="bulk-ok">{t("bulk.done")}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
