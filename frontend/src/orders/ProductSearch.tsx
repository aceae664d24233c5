import { useEffect, useId, useState, type KeyboardEvent, type Ref } from "react";
import { useClient, useQuery } from "urql";
import type { PhoneOrderProductFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import { availableIn } from "./availability";
import { PhoneOrderProductByCodeQuery, PhoneOrderProductSearchQuery } from "./operations";
import { groupHits, moveHighlight, parseEntry, rankProducts, variantLabel } from "./search";

export type SearchProduct = PhoneOrderProductFieldsFragment;

const HITS = 8;
const DEBOUNCE_MS = 120;

/**
 * The product search of an order form, a combobox for the keyboard: type a SKU, a name or a barcode (a scanner
 * types it and Enter), arrows move through the hits, Enter adds the highlighted one (the best hit unless the arrows
 * chose another), Escape clears. "3*term" adds three units. Enter on an empty field hands over to the next part of
 * the form (`onDone`). A hit of a family with several variants brings all of them, under the family's name, each
 * by its size and colour.
 */
export function ProductSearch({
  merchantId,
  warehouseId,
  onPick,
  onDone,
  onHits,
  inputRef,
  disabled,
}: {
  merchantId: string;
  /** The warehouse the order ships from, whose stock the hits show (null: not known yet). */
  warehouseId: string | null;
  onPick: (product: SearchProduct, quantity: number) => void;
  onDone?: () => void;
  /** Every product the search showed, so the form learns their stock. */
  onHits?: (products: SearchProduct[]) => void;
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const client = useClient();
  const id = useId();
  const listId = `${id}-hits`;
  const [text, setText] = useState("");
  const [term, setTerm] = useState("");
  const [highlight, setHighlight] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const next = parseEntry(text).term;
    const timer = setTimeout(() => setTerm(next), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const [{ data, operation }] = useQuery({
    query: PhoneOrderProductSearchQuery,
    variables: { first: HITS, filter: { merchantId, search: term } },
    pause: !term || !merchantId,
    requestPolicy: "cache-and-network",
  });
  const answeredTerm = operation?.variables.filter.search ?? null;
  const ranked = data && term ? rankProducts(data.products.edges.map((e) => e.node).filter((p) => !p.isArchived), term) : [];
  const { groups, options: hits, best } = groupHits<SearchProduct>(ranked, term);
  const open = !!text.trim() && hits.length > 0;
  // Until the arrows move, the best hit is highlighted, inside its family when it has one.
  const active = open ? Math.min(Math.max(highlight ?? best, 0), hits.length - 1) : -1;

  useEffect(() => {
    if (hits.length) onHits?.(hits);
    // Each answer once, not on every render.
  }, [data]);

  useEffect(() => setHighlight(null), [term]);

  // A family's variants make the list longer than it shows: the highlighted option is kept in view.
  useEffect(() => {
    if (active >= 0) document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: "nearest" });
  }, [active, listId]);

  function pick(product: SearchProduct, quantity: number) {
    onPick(product, quantity);
    setText("");
    setTerm("");
    setHighlight(null);
    setMessage(null);
  }

  /** A scanner types faster than the search answers: ask for the exact code, then search, before giving up. */
  async function lookUp(wanted: string): Promise<SearchProduct | null> {
    const byCode = await client.query(PhoneOrderProductByCodeQuery, { merchantId, code: wanted }, { requestPolicy: "network-only" }).toPromise();
    const exact = byCode.data?.productByCode;
    if (exact && !exact.isArchived) return exact;
    const found = await client
      .query(PhoneOrderProductSearchQuery, { first: HITS, filter: { merchantId, search: wanted } }, { requestPolicy: "network-only" })
      .toPromise();
    const ranked = rankProducts(found.data?.products.edges.map((e) => e.node).filter((p) => !p.isArchived) ?? [], wanted);
    if (ranked.length) onHits?.(ranked);
    return ranked[0] ?? null;
  }

  async function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp" || ((event.key === "Home" || event.key === "End") && open)) {
      event.preventDefault();
      setHighlight(moveHighlight(open ? active : -1, event.key, hits.length));
      return;
    }
    if (event.key === "Escape") {
      if (text) event.preventDefault();
      setText("");
      setMessage(null);
      return;
    }
    if (event.key !== "Enter") return;
    event.preventDefault();
    if (event.ctrlKey || event.metaKey) return; // the form's "place order" shortcut
    const entry = parseEntry(text);
    if (!entry.term) {
      onDone?.();
      return;
    }
    if (answeredTerm === entry.term && term === entry.term && hits.length) {
      pick(hits[active < 0 ? 0 : active]!, entry.quantity);
      return;
    }
    setBusy(true);
    try {
      const product = await lookUp(entry.term);
      if (product) pick(product, entry.quantity);
      else setMessage(t("phone.noMatch", { term: entry.term }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="product-search">
      <label htmlFor={id}>{t("phone.search")}</label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        aria-describedby={`${id}-hint`}
        aria-invalid={message ? true : undefined}
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        disabled={disabled}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setMessage(null);
        }}
        onKeyDown={(e) => void onKeyDown(e)}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {t("phone.searchHint")}
      </p>
      <div aria-live="polite">
        {message && (
          <p className="field-error" role="alert">
            {message}
          </p>
        )}
        {busy && <p className="field-hint">{t("phone.searching")}</p>}
      </div>
      <ul id={listId} role="listbox" aria-label={t("phone.hits")} className="search-hits" hidden={!open}>
        {groups.map((group) => {
          const hit = (product: SearchProduct) => {
            const index = hits.indexOf(product);
            return (
              <li
                key={product.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={`search-hit${group.family ? " search-hit--variant" : ""}${index === active ? " search-hit--active" : ""}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(product, parseEntry(text).quantity)}
              >
                <span className="search-hit-main">
                  {group.family ? (
                    <>
                      <strong>{variantLabel(product)}</strong> {product.sku}
                    </>
                  ) : (
                    <>
                      <strong>{product.sku}</strong> {product.name}
                    </>
                  )}
                </span>
                <span className="search-hit-meta">
                  {product.barcode && <code>{product.barcode}</code>}
                  <span className={availableIn(product, warehouseId) > 0 ? "availability" : "availability availability--none"}>
                    {t("phone.available", { count: availableIn(product, warehouseId) })}
                  </span>
                </span>
              </li>
            );
          };
          if (!group.family) return hit(group.options[0]!);
          return (
            <li key={group.family.id} role="presentation" className="search-family">
              <span className="search-family-name" aria-hidden="true">
                {group.family.name}
              </span>
              <ul role="group" aria-label={t("phone.family", { name: group.family.name })}>
                {group.options.map(hit)}
              </ul>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
