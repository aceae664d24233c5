// A product attribute's name as the reader's language says it: keys merchants commonly use ("size", "colour" or
// "color", "Farbe" …) get the catalog's label; any other key shows as the merchant typed it. Pure, unit tested.
import type { MessageKey } from "../i18n/en";

// Normalised key (lower case, spaces and hyphens as "_") → its label's key.
const KNOWN: Record<string, MessageKey> = {};
const alias = (key: MessageKey, ...names: string[]) => names.forEach((name) => (KNOWN[name] = key));
alias("attribute.size", "size", "größe", "groesse");
alias("attribute.colour", "colour", "color", "farbe");
alias("attribute.scent", "scent", "fragrance", "duft");
alias("attribute.material", "material");
alias("attribute.weight", "weight", "gewicht");
alias("attribute.volume", "volume", "inhalt", "volumen");
alias("attribute.capacity", "capacity", "fassungsvermögen");
alias("attribute.flavour", "flavour", "flavor", "taste", "geschmack", "geschmacksrichtung");
alias("attribute.length", "length", "länge");
alias("attribute.width", "width", "breite");
alias("attribute.height", "height", "höhe");
alias("attribute.pattern", "pattern", "muster");
alias("attribute.fit", "fit", "passform");
alias("attribute.gender", "gender", "geschlecht");
alias("attribute.brand", "brand", "marke");
alias("attribute.model", "model", "modell");
alias("attribute.season", "season", "saison");
alias("attribute.style", "style", "stil");
alias("attribute.shape", "shape", "form");
alias("attribute.ageGroup", "age_group", "altersgruppe");

function normalise(key: string): string {
  return key.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** The label's catalog key for a known attribute, or null for one the merchant named itself. */
export function attributeKey(key: string): MessageKey | null {
  return KNOWN[normalise(key)] ?? null;
}

export function attributeLabel(key: string, t: (key: MessageKey) => string): string {
  const known = attributeKey(key);
  return known ? t(known) : key;
}
