import type { InboundStatus } from "../gql/graphql";
import { useI18n } from "../i18n";

export const OPEN_STATUSES: InboundStatus[] = ["ANNOUNCED", "RECEIVING", "RECEIVED"];
export const ALL_STATUSES: InboundStatus[] = ["ANNOUNCED", "RECEIVING", "RECEIVED", "CLOSED", "CANCELLED"];

export function InboundStatusBadge({ status }: { status: InboundStatus }) {
  const { t } = useI18n();
  return <span className={`inbound-status inbound-status--${status.toLowerCase()}`}>{t(`inbound.status.${status}`)}</span>;
}

export function sumLines(lines: readonly { expectedQuantity: number; receivedQuantity: number; damagedQuantity: number }[]) {
  return lines.reduce(
    (s, l) => ({ expected: s.expected + l.expectedQuantity, received: s.received + l.receivedQuantity, damaged: s.damaged + l.damagedQuantity }),
    { expected: 0, received: 0, damaged: 0 },
  );
}
