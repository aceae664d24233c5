import type { OrderDetailFieldsFragment } from "../gql/graphql";
import { Time } from "../components/ui";
import { actorName } from "../activity/format";
import { useI18n } from "../i18n";
import { INTL_LOCALE } from "../i18n/format";
import { describeChanges, describeEntry, type EntryWords } from "./history";

type Entry = OrderDetailFieldsFragment["history"][number];

// Where each field's enum values are named in the catalogs.
const ENUM_KEYS: Record<string, string> = {
  status: "orderStatus",
  payment_status: "paymentStatus",
  payment_method: "paymentMethod",
  shipping_method: "shippingMethod",
  source: "orderSource",
};

/** Every change of an order, newest first: when, who, what (in the reader's language), and each field's value
 * before and after. */
export function OrderHistory({ history, currency }: { history: readonly Entry[]; currency: string }) {
  const { t, has, money, locale } = useI18n();
  const enumValue = (field: string, value: string) => {
    const key = `${ENUM_KEYS[field] ?? "shippingMethod"}.${value}`;
    return has(key) ? t(key) : value;
  };
  const fieldName = (field: string) => {
    const key = `historyField.${field}`;
    return has(key) ? t(key) : field.replace(/_/g, " ");
  };
  const kindName = (kind: string) => {
    const key = `historyKind.${kind}`;
    return has(key) ? t(key) : kind.replace(/_/g, " ");
  };
  const listFormat = new Intl.ListFormat(INTL_LOCALE[locale], { type: "conjunction" });
  const words: EntryWords = { t, fieldName, enumValue, list: (items) => listFormat.format(items) };
  const entries = [...history].reverse();
  return (
    <ol className="order-history" aria-label={t("orderDetail.history")}>
      {entries.map((entry) => {
        const rows = describeChanges(entry.changes, currency, { money: (amount) => money(amount, currency), enumValue });
        return (
          <li key={`${entry.version}-${entry.kind}-${entry.createdAt}`} className="history-entry" data-kind={entry.kind}>
            <div className="history-head">
              <span className={`history-kind history-kind--${entry.kind}`}>{kindName(entry.kind)}</span>
              <span className="history-message">{describeEntry(entry.kind, entry.params, words) ?? entry.message}</span>
            </div>
            <div className="history-meta">
              <Time value={entry.createdAt} /> · {actorName(entry.actor, t)} ·{" "}
              {t("orderDetail.version", { version: entry.version })}
            </div>
            {rows.length > 0 && (
              <dl className="history-changes">
                {rows.map((row) => (
                  <div className="history-change" key={row.field}>
                    <dt>{fieldName(row.field)}</dt>
                    <dd>
                      {row.value !== undefined ? (
                        row.value
                      ) : (
                        <>
                          <span className="history-before" title={t("orderDetail.before")}>
                            {row.before}
                          </span>
                          {" → "}
                          <span className="history-after" title={t("orderDetail.after")}>
                            {row.after}
                          </span>
                        </>
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        );
      })}
    </ol>
  );
}
