// Finding English UI text on a German page: every English catalog text that differs from its German one, as the
// page would show it (a template's placeholders match anything, a plural any of its forms), compared with the
// page's visible text nodes, placeholders, labels and select options. Data (product and customer names, SKUs)
// is not in the catalogs, so it is never mistaken for UI text; an element marked translate="no" is skipped.
import type { Page } from "@playwright/test";
import { de } from "../src/i18n/de";
import { en, type MessageKey } from "../src/i18n/en";

export interface Finding {
  text: string;
  key: MessageKey;
  where: string;
}

interface Matcher {
  key: MessageKey;
  exact?: string;
  pattern?: RegExp;
}

const PLURAL = /\{\w+, plural, (?:[=\w]+ \{[^{}]*\}\s*)+\}/g;
const SEPARATORS = /^[\s·•—–:|,()]+|[\s·•—–:|,()]+$/g;

/** Whitespace collapsed, separators at either end dropped ("· by anna@…" is "by anna@…"). */
export function normalise(text: string): string {
  return text.replace(/\s+/g, " ").replace(SEPARATORS, "");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function englishMatchers(): Matcher[] {
  const matchers: Matcher[] = [];
  for (const key of Object.keys(en) as MessageKey[]) {
    const english = en[key];
    if (english === de[key]) continue; // the same word in both ("Status", "API", "Packline")
    if (!english.includes("{")) {
      matchers.push({ key, exact: normalise(english) });
      continue;
    }
    // A plural is any of its forms ("# events" is "3 events"); any other placeholder is any text.
    const forms = (plural: string) => [...plural.matchAll(/[=\w]+ \{([^{}]*)\}/g)].map((m) => m[1]!);
    const literal = english.replace(PLURAL, (plural) => ` ${forms(plural).join(" ")} `).replace(/\{\w+\}/g, " ");
    if (!/[A-Za-z]{3,}/.test(literal)) continue; // nothing English about "{quantity} × {sku}"
    const parts = normalise(english).split(/(\{\w+, plural, (?:[=\w]+ \{[^{}]*\}\s*)+\}|\{\w+\})/);
    const source = parts
      .map((part, i) => {
        if (i % 2 === 0) return escape(part);
        if (!part.includes(", plural, ")) return ".+?";
        return `(?:${forms(part).map((form) => escape(form).replace(/#/g, "[\\d.,\u202f\u00a0]+")).join("|")})`;
      })
      .join("");
    matchers.push({ key, pattern: new RegExp(`^${source}$`) });
  }
  return matchers;
}

/** The texts a person sees (or hears, for labels) on the page, with where each is. */
async function pageTexts(page: Page): Promise<{ text: string; where: string }[]> {
  return page.evaluate(() => {
    const out: { text: string; where: string }[] = [];
    const skip = (element: Element | null) =>
      !element || !!element.closest('[translate="no"], script, style, noscript, code, pre');
    const describe = (element: Element) => {
      const parts: string[] = [];
      for (let e: Element | null = element; e && parts.length < 3; e = e.parentElement) {
        parts.unshift(e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? `.${e.className.split(" ")[0]}` : ""));
      }
      return parts.join(" > ");
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent ?? "";
      if (!text.trim() || skip(parent)) continue;
      const visible = parent!.tagName === "OPTION" || parent!.checkVisibility({ visibilityProperty: true, opacityProperty: true });
      if (visible) out.push({ text, where: describe(parent!) });
    }
    for (const element of Array.from(document.querySelectorAll("[placeholder], [aria-label], [title], [alt]"))) {
      if (skip(element) || !element.checkVisibility()) continue;
      for (const name of ["placeholder", "aria-label", "title", "alt"]) {
        const value = element.getAttribute(name);
        if (value?.trim()) out.push({ text: value, where: `${describe(element)} [${name}]` });
      }
    }
    return out;
  });
}

export async function untranslated(page: Page, matchers: Matcher[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const { text, where } of await pageTexts(page)) {
    const seen = normalise(text);
    if (!seen) continue;
    const hit = matchers.find((m) => (m.exact !== undefined ? m.exact === seen : m.pattern!.test(seen)));
    if (hit) findings.push({ text: seen, key: hit.key, where });
  }
  return findings;
}
