import { describe, expect, it } from "vitest";
import { de } from "../i18n/de";
import { en, type MessageKey } from "../i18n/en";
import { attributeKey, attributeLabel } from "./attributes";

const german = (key: MessageKey) => de[key];
const english = (key: MessageKey) => en[key];

describe("attribute labels", () => {
  it("translates the keys merchants commonly use, however they spell them", () => {
    expect(attributeLabel("size", german)).toBe("Größe");
    expect(attributeLabel("colour", german)).toBe("Farbe");
    expect(attributeLabel("Color", german)).toBe("Farbe");
    expect(attributeLabel("scent", german)).toBe("Duft");
    expect(attributeLabel(" Material ", german)).toBe("Material");
    expect(attributeLabel("weight", german)).toBe("Gewicht");
    expect(attributeLabel("age-group", german)).toBe("Altersgruppe");
    expect(attributeLabel("Farbe", english)).toBe("Colour");
    expect(attributeLabel("size", english)).toBe("Size");
  });

  it("shows a key of the merchant's own as typed", () => {
    expect(attributeKey("heel_height_cm")).toBeNull();
    expect(attributeLabel("heel_height_cm", german)).toBe("heel_height_cm");
    expect(attributeLabel("Pflegehinweis", english)).toBe("Pflegehinweis");
  });
});
