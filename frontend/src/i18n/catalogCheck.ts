// Whether two message catalogs say the same things: the same keys (nested objects are walked, their keys joined
// with "."), every value a non-empty text, and the same placeholders ({name}, {count, plural, …}) on both sides.
// TypeScript already refuses a German catalog that lacks an English key or has one of its own (de.ts is a
// Record<MessageKey, string> object literal); this is the same check at run time, for nested catalogs and for what
// types cannot see: empty texts, placeholders and plural forms. Pure, unit tested.

export type Catalog = { readonly [key: string]: string | Catalog };

/** Every text of a catalog by its dotted path; a value that is neither text nor catalog is reported as a problem. */
export function flatten(catalog: Catalog, prefix = ""): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      for (const [inner, text] of flatten(value as Catalog, path)) flat.set(inner, text);
    } else {
      flat.set(path, value);
    }
  }
  return flat;
}

const PLACEHOLDER = /\{(\w+)(?:, (plural|select))?[,}]/g;

/** The placeholders a text uses, each once, sorted ("{count, plural, …}" counts as "count:plural"). */
export function placeholders(text: string): string[] {
  const found = new Set<string>();
  for (const [, name, kind] of text.matchAll(PLACEHOLDER)) found.add(kind ? `${name}:${kind}` : name!);
  return [...found].sort();
}

/** The plurals of a text that lack the `other` form every language needs. */
function pluralsWithoutOther(text: string): string[] {
  return [...text.matchAll(/\{(\w+), plural, ((?:[=\w]+ \{[^{}]*\}\s*)+)\}/g)]
    .filter(([, , body]) => !/(^|\s)other \{/.test(body!))
    .map(([, name]) => name!);
}

/** What is wrong between a reference catalog and a translation of it; empty when nothing is. */
export function compareCatalogs(reference: Catalog, translation: Catalog, names: [string, string] = ["en", "de"]): string[] {
  const [a, b] = names;
  const left = flatten(reference);
  const right = flatten(translation);
  const problems: string[] = [];
  for (const key of left.keys()) if (!right.has(key)) problems.push(`${key}: in ${a}, missing in ${b}`);
  for (const key of right.keys()) if (!left.has(key)) problems.push(`${key}: in ${b}, missing in ${a}`);
  for (const [key, value] of left) {
    const other = right.get(key);
    for (const [name, text] of [[a, value], [b, other]] as const) {
      if (text === undefined) continue;
      if (typeof text !== "string") problems.push(`${key}: not a text in ${name}`);
      else if (!text.trim()) problems.push(`${key}: empty in ${name}`);
      else for (const plural of pluralsWithoutOther(text)) problems.push(`${key}: plural {${plural}} without "other" in ${name}`);
    }
    if (typeof value === "string" && typeof other === "string") {
      const want = placeholders(value).join(", ");
      const have = placeholders(other).join(", ");
      if (want !== have) problems.push(`${key}: placeholders ${a} [${want}], ${b} [${have}]`);
    }
  }
  return problems;
}
