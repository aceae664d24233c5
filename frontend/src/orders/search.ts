// Keyboard handling of the product search and the quantity fields of the phone-order form. Pure functions, unit
// tested; the components only translate key events into these.

export interface SearchableProduct {
  id: string;
  sku: string;
  name: string;
  barcode?: string | null;
}

/**
 * What the agent typed into the product search: a term, optionally led by a quantity ("3*LAV", "3 x lavendel",
 * "3× 4006381333931"), so one line of typing adds several units.
 */
export function parseEntry(raw: string): { quantity: number; term: string } {
  const text = raw.trim();
  const match = /^(\d{1,5})\s*[*x×]\s*(\S.*)$/i.exec(text);
  if (match) {
    const quantity = Number(match[1]);
    if (quantity >= 1) return { quantity, term: match[2]!.trim() };
  }
  return { quantity: 1, term: text };
}

/**
 * The search's hits, best first: an exact barcode or SKU, then SKUs starting with the term, then names starting
 * with it, then the rest (each group keeps the server's order).
 */
export function rankProducts<P extends SearchableProduct>(products: readonly P[], rawTerm: string): P[] {
  const term = rawTerm.trim().toLowerCase();
  if (!term) return [...products];
  const score = (p: P): number => {
    const sku = p.sku.toLowerCase();
    if ((p.barcode ?? "") === rawTerm.trim() || sku === term) return 0;
    if (sku.startsWith(term)) return 1;
    if (p.name.toLowerCase().startsWith(term)) return 2;
    if (p.name.toLowerCase().split(/\s+/).some((word) => word.startsWith(term))) return 3;
    return 4;
  };
  return products
    .map((product, index) => ({ product, index, score: score(product) }))
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((entry) => entry.product);
}

export interface FamilyOfHit<P> {
  id: string;
  name: string;
  /** Its variants that are not archived, smallest size first (as the API gives them). */
  variants?: readonly P[] | null;
}

export interface HitGroup<P> {
  /** The family whose variants the group offers; null for a product that is a family of one. */
  family: FamilyOfHit<P> | null;
  options: P[];
}

/**
 * The hits as the search offers them: a product of a family with several variants brings the whole family, its
 * variants under the family's name to choose by size and colour; a product that is a family of one stands alone.
 * Groups come in the order of their best hit. `options` is every option in the order shown (the keyboard moves
 * through them) and `best` the one to highlight: the best hit when `term` is its SKU or barcode, else the first
 * option of the best hit's group (a name finds a family's variants alike, and its smallest size comes first).
 */
export function groupHits<P extends SearchableProduct>(
  ranked: readonly (P & { family?: FamilyOfHit<P> | null })[],
  term = "",
): { groups: HitGroup<P>[]; options: P[]; best: number } {
  const groups: HitGroup<P>[] = [];
  const seenFamilies = new Set<string>();
  const seenProducts = new Set<string>();
  for (const product of ranked) {
    if (seenProducts.has(product.id)) continue;
    const family = product.family;
    const variants = family?.variants ?? [];
    if (family && variants.length > 1) {
      if (seenFamilies.has(family.id)) continue;
      seenFamilies.add(family.id);
      const options = variants.filter((v) => !seenProducts.has(v.id));
      options.forEach((v) => seenProducts.add(v.id));
      groups.push({ family, options: [...options] });
    } else {
      seenProducts.add(product.id);
      groups.push({ family: null, options: [product] });
    }
  }
  const options = groups.flatMap((group) => group.options);
  const first = ranked[0];
  if (!first) return { groups, options, best: -1 };
  const wanted = term.trim().toLowerCase();
  const exact = !!wanted && (first.sku.toLowerCase() === wanted || (first.barcode ?? "") === term.trim());
  const group = groups.find((g) => g.options.some((o) => o.id === first.id));
  const target = exact || !group ? first : group.options[0]!;
  return { groups, options, best: Math.max(options.findIndex((o) => o.id === target.id), 0) };
}

/** A variant's place in its family's grid, as the search shows it ("M · Navy"). */
export function variantLabel(product: { size?: string | null; colour?: string | null; sku: string }): string {
  return [product.size, product.colour].filter(Boolean).join(" · ") || product.sku;
}

/** The highlighted hit after a key: arrows move and wrap around, Home and End jump; -1 when there is none. */
export function moveHighlight(current: number, key: string, count: number): number {
  if (count <= 0) return -1;
  switch (key) {
    case "ArrowDown":
      return current < 0 || current >= count - 1 ? 0 : current + 1;
    case "ArrowUp":
      return current <= 0 ? count - 1 : current - 1;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return Math.min(Math.max(current, 0), count - 1);
  }
}

/** How much a key changes a quantity field: arrows by one, Page keys by ten; null for other keys. */
export function quantityStep(key: string): number | null {
  switch (key) {
    case "ArrowUp":
      return 1;
    case "ArrowDown":
      return -1;
    case "PageUp":
      return 10;
    case "PageDown":
      return -10;
    default:
      return null;
  }
}
