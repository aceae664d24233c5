import type { ReturnStatus } from "../gql/graphql";
import { useI18n } from "../i18n";

export const ALL_STATUSES: ReturnStatus[] = ["ANNOUNCED", "RECEIVED", "INSPECTED", "COMPLETED", "CANCELLED"];
/** Returns the warehouse or the merchant still has to act on. */
export const OPEN_STATUSES: ReturnStatus[] = ["ANNOUNCED", "RECEIVED", "INSPECTED"];

export function ReturnStatusBadge({ status }: { status: ReturnStatus }) {
  const { t } = useI18n();
  return <span className={`return-status return-status--${status.toLowerCase()}`} data-testid="return-status">{t(`return.status.${status}`)}</span>;
}
