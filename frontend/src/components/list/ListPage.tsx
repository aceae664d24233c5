import { useState, type ReactNode } from "react";
import type { CombinedError } from "urql";
import { useI18n } from "../../i18n";
import { Alert, PageHeader } from "../ui";
import { nextFirst } from "./address";
import { DataTable, type Column, type RowAttributes } from "./DataTable";

export type { Column, RowAttributes };

/** Keyset pages (after/before a cursor), kept in the address by the page. */
export interface PageLinks {
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null } | undefined;
  onFirstPage: boolean;
  go: (page: { after: string | null; before: string | null }) => void;
}

/** "Load more": the page grows by `page` rows up to the API's largest page. */
export interface LoadMore {
  hasNextPage: boolean | undefined;
  atLimit: boolean;
  more: () => void;
}

export const PAGE = 50;
export const MAX_PAGE = 100;

/** The size of a "load more" list's page and its button. */
export function useLoadMore(page = PAGE, max = MAX_PAGE): { first: number; pager: (hasNextPage: boolean | undefined) => LoadMore } {
  const [first, setFirst] = useState(page);
  return { first, pager: (hasNextPage) => ({ hasNextPage, atLimit: first >= max, more: () => setFirst((n) => nextFirst(n, page, max)) }) };
}

/** What a list query answered (urql's state). */
export interface ListResult {
  fetching: boolean;
  error?: CombinedError;
  /** Whether anything has been answered yet (until then: "Loading…"). */
  loaded: boolean;
}

interface ListPageProps<Row> {
  title: string;
  subtitle?: string;
  /** The number of rows in all, in the header's badge once known. */
  total?: string | null;
  totalTestId?: string;
  /** Buttons and links in the header. */
  actions?: ReactNode;
  /** What stands between the header and the table: notices, forms, filters. */
  children?: ReactNode;
  result: ListResult;
  rows: readonly Row[];
  columns: readonly (Column<Row> | false | null | undefined)[];
  rowKey: (row: Row) => string;
  rowProps?: (row: Row) => RowAttributes;
  /** What an empty list says. */
  empty: string;
  tableLabel?: string;
  tableClassName?: string;
  pager?: LoadMore | PageLinks;
}

/**
 * A list page: the header with the total, what the page puts above the list (forms, filters), the error, the
 * table (or "Loading…", or what an empty list says) and the pager.
 */
export function ListPage<Row>(props: ListPageProps<Row>) {
  const { t } = useI18n();
  const { result, rows, pager } = props;
  return (
    <section>
      <PageHeader title={props.title} subtitle={props.subtitle}>
        {props.total && (
          <span className="badge" data-testid={props.totalTestId}>
            {props.total}
          </span>
        )}
        {props.actions}
      </PageHeader>
      {props.children}
      {result.error && <Alert kind="error">{t("app.error", { message: result.error.graphQLErrors[0]?.message ?? result.error.message })}</Alert>}
      {result.fetching && !result.loaded ? (
        <p className="empty">{t("app.loading")}</p>
      ) : rows.length === 0 ? (
        <p className="empty">{props.empty}</p>
      ) : (
        <DataTable
          label={props.tableLabel ?? props.title}
          className={props.tableClassName}
          rows={rows}
          columns={props.columns}
          rowKey={props.rowKey}
          rowProps={props.rowProps}
        />
      )}
      {pager && ("more" in pager ? <LoadMoreButton {...pager} /> : <Pages {...pager} />)}
    </section>
  );
}

function LoadMoreButton({ hasNextPage, atLimit, more }: LoadMore) {
  const { t } = useI18n();
  if (!hasNextPage) return null;
  return (
    <button type="button" className="button load-more" onClick={more} disabled={atLimit}>
      {t("list.loadMore")}
    </button>
  );
}

// The pager's texts are still the orders list's keys (the only list with keyset pages so far).
function Pages({ pageInfo, onFirstPage, go }: PageLinks) {
  const { t } = useI18n();
  if (!pageInfo || !(pageInfo.hasNextPage || pageInfo.hasPreviousPage)) return null;
  return (
    <nav className="pager" aria-label={t("orders.pages")}>
      <button type="button" className="button button--small" disabled={onFirstPage} onClick={() => go({ after: null, before: null })}>
        {t("orders.first")}
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={!pageInfo.hasPreviousPage || !pageInfo.startCursor}
        onClick={() => go({ after: null, before: pageInfo.startCursor ?? null })}
      >
        ← {t("orders.previous")}
      </button>
      <button
        type="button"
        className="button button--small"
        disabled={!pageInfo.hasNextPage || !pageInfo.endCursor}
        onClick={() => go({ after: pageInfo.endCursor ?? null, before: null })}
      >
        {t("orders.next")} →
      </button>
    </nav>
  );
}
