import type { PicklistStatus } from "../gql/graphql";
import { useI18n } from "../i18n";
import { progressOf, type Progress } from "./picker";

export const PICKLIST_STATUSES: PicklistStatus[] = ["OPEN", "PICKING", "PICKED", "CANCELLED"];

export function PicklistStatusBadge({ status }: { status: PicklistStatus }) {
  const { t } = useI18n();
  return <span className={`picklist-status picklist-status--${status.toLowerCase()}`}>{t(`picklist.status.${status}`)}</span>;
}

/** Units done of all (picked or short) as a bar with the figures beside it. */
export function ProgressBar({ progress, label }: { progress: Progress; label: string }) {
  const { t } = useI18n();
  return (
    <span className="pick-progress">
      <progress max={progress.units || 1} value={progress.unitsDone} aria-label={label} />
      <span className="pick-progress-figures">{t("picklist.progressUnits", { done: progress.unitsDone, total: progress.units })}</span>
    </span>
  );
}

/** The names of who picks a picklist's lines, each once. */
export function pickersOf(lines: readonly { pickerName: string | null }[]): string[] {
  return [...new Set(lines.map((l) => l.pickerName).filter((n): n is string => !!n))];
}

export { progressOf };
