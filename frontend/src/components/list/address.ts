// A list's filters live in the page's address, so a link or a reload shows the same rows. Reading is forgiving:
// a hand-edited or outdated link loses what it does not understand (that filter falls back to its default) instead
// of failing. What equals the default is left out of the address, so the plain list is its plain path.

/** A list's view as the address holds it, both ways. The orders list has its own (`orders/listFilters.ts`). */
export interface AddressCodec<V> {
  read(params: URLSearchParams): V;
  write(view: V): URLSearchParams;
}

/** One filter: its name in the address, its value when the address does not name it, and how it is spelt. */
export interface AddressField<T> {
  param: string;
  fallback: T;
  /** The value a spelling names, or undefined where it names none (the fallback is shown). */
  parse(raw: string): T | undefined;
  format(value: T): string;
}

export type AddressFields<V> = { [K in keyof V]: AddressField<V[K]> };

/** Free text (a search): written trimmed, left out when blank. */
export function textField(param: string): AddressField<string> {
  return { param, fallback: "", parse: (raw) => raw, format: (value) => value.trim() };
}

/** A yes/no filter: `param=1` for yes, left out for no. */
export function flagField(param: string): AddressField<boolean> {
  return { param, fallback: false, parse: (raw) => (raw === "1" ? true : raw === "0" ? false : undefined), format: (value) => (value ? "1" : "0") };
}

/** In the address, "no choice" (the select's empty option) where it is not the default. */
export const ANY = "all";

/**
 * One of `choices`, or "" for no choice (every row). The default may be a choice (the warehouse's deliveries start
 * on the open ones); then "every row" is written `param=all`.
 */
export function choiceField<C extends string>(param: string, choices: readonly C[], fallback: C | "" = ""): AddressField<C | ""> {
  return {
    param,
    fallback,
    parse: (raw) => (raw === ANY ? "" : (choices as readonly string[]).includes(raw) ? (raw as C) : undefined),
    format: (value) => value || ANY,
  };
}

export function readFilters<V>(params: URLSearchParams, fields: AddressFields<V>): V {
  const view = {} as V;
  for (const key of Object.keys(fields) as (keyof V)[]) {
    const field = fields[key];
    const raw = params.get(field.param);
    view[key] = raw === null ? field.fallback : (field.parse(raw) ?? field.fallback);
  }
  return view;
}

export function writeFilters<V>(view: V, fields: AddressFields<V>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(fields) as (keyof V)[]) {
    const field = fields[key];
    const value = view[key];
    if (Object.is(value, field.fallback)) continue;
    const text = field.format(value);
    if (text !== "") params.set(field.param, text); // a blank search is no search
  }
  return params;
}

export function filtersCodec<V>(fields: AddressFields<V>): AddressCodec<V> {
  return { read: (params) => readFilters(params, fields), write: (view) => writeFilters(view, fields) };
}

/** A view just chosen, and the address (query string) it was chosen on. */
export interface Chosen<V> {
  base: string;
  view: V;
}

/**
 * The view to show. The router applies a new address as a transition, a moment later: until it has, the view just
 * chosen is shown, so a checkbox does not flick back and a quick second change builds on the first. Once the
 * address has moved on (by that change, or the back button), the address is what counts.
 */
export function shownView<V>(chosen: Chosen<V> | null, query: string, addressed: V): V {
  return chosen && chosen.base === query ? chosen.view : addressed;
}

/** "Load more": the next page size, up to the API's largest page. */
export function nextFirst(first: number, page: number, max: number): number {
  return Math.min(first + page, max);
}
