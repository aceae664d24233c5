import { describe, expect, it } from "vitest";
import { allChanges, emptyForm } from "../form";
import { autosaveDelay, draftOf, LINES_SAVE_DELAY_MS, ON_BLUR, saveRequest, saveStatus, SerialSaves, type AutosaveState, type Draft } from "./phoneDraft";

const draft: Draft = { id: "O1", number: "NL-1001", version: 4, merchantId: "M1", warehouseId: "W1" };

describe("the phone form's draft (usePhoneDraft)", () => {
  it("is the order the API answered, in the merchant it names (or the one chosen)", () => {
    expect(draftOf({ id: "O1", number: "NL-1001", version: 4, merchant: { id: "M1" }, warehouse: { id: "W1" } }, "M9")).toEqual(draft);
    expect(draftOf({ id: "O1", number: "NL-1001", version: 4, merchant: null, warehouse: null }, "M9")).toEqual({ ...draft, merchantId: "M9", warehouseId: null });
    expect(draftOf({ id: "O1", number: "NL-1001", version: 4 }).merchantId).toBe("");
  });

  const lines = [{ productId: "P1", sku: "NL-SOAP", name: "Seife", quantity: "2", unitPrice: "4,90", taxRate: "19" }];
  const { changes } = allChanges({ ...emptyForm(), customer: { name: "Ben", email: "", phone: "" } }, lines);

  it("is created by the first save with everything typed, where the agent chose", () => {
    const request = saveRequest(null, changes, { operator: true, merchantId: "M2", warehouseId: "W2" });
    expect(request.kind).toBe("create");
    expect(request.input).toMatchObject({ merchantId: "M2", warehouseId: "W2", currency: "EUR", customer: { name: "Ben" } });
    if (request.kind === "create") expect(request.input.lines).toEqual([{ productId: "P1", quantity: 2, unitPrice: "4.90", taxRate: "19" }]);
    // A merchant's own user never names the merchant: the API takes the user's.
    expect(saveRequest(null, changes, { operator: false, merchantId: "M1", warehouseId: null }).input).toMatchObject({ merchantId: null, warehouseId: null });
  });

  it("is updated by later saves, naming the version the form knows", () => {
    expect(saveRequest(draft, changes, { operator: true, merchantId: "M2", warehouseId: "W2" })).toEqual({
      kind: "update",
      input: { orderId: "O1", expectedVersion: 4, changes },
    });
  });
});

describe("when the phone form saves on its own", () => {
  const base: AutosaveState = { revision: 3, savedRevision: 2, flushTick: 0, delay: LINES_SAVE_DELAY_MS, held: false, started: true, lastAttempt: { revision: -1, tick: -1 } };

  it("saves changed lines after a short pause, and at once when asked (Ctrl+S, leaving a field)", () => {
    expect(autosaveDelay(base)).toBe(LINES_SAVE_DELAY_MS);
    expect(autosaveDelay({ ...base, delay: 0, flushTick: 1 })).toBe(0);
  });

  it("waits for the focus to leave a typed field", () => {
    expect(autosaveDelay({ ...base, delay: ON_BLUR })).toBeNull();
  });

  it("does not save what is saved, before the first product, while a conflict is shown or while placing", () => {
    expect(autosaveDelay({ ...base, savedRevision: 3 })).toBeNull();
    expect(autosaveDelay({ ...base, started: false })).toBeNull();
    expect(autosaveDelay({ ...base, held: true })).toBeNull();
  });

  it("does not repeat a save that failed: the next edit or Ctrl+S tries again", () => {
    const failed = { ...base, lastAttempt: { revision: 3, tick: 0 } };
    expect(autosaveDelay(failed)).toBeNull();
    expect(autosaveDelay({ ...failed, revision: 4 })).toBe(LINES_SAVE_DELAY_MS);
    expect(autosaveDelay({ ...failed, flushTick: 1, delay: 0 })).toBe(0);
  });
});

describe("the save state next to the title", () => {
  it("says what the draft is", () => {
    expect(saveStatus("idle", false, null)).toEqual({ key: "phone.notStarted" });
    expect(saveStatus("saving", true, draft)).toEqual({ key: "form.saving" });
    expect(saveStatus("saved", true, draft)).toEqual({ key: "phone.unsaved" });
    expect(saveStatus("saved", false, draft)).toEqual({ key: "phone.savedDraft", params: { number: "NL-1001" } });
    expect(saveStatus("failed", true, null)).toEqual({ key: "phone.notStarted" });
  });
});

describe("one save at a time", () => {
  function deferred() {
    let resolve!: (ok: boolean) => void;
    const promise = new Promise<boolean>((r) => (resolve = r));
    return { promise, resolve };
  }

  it("runs a save asked for meanwhile once more, after the one under way", async () => {
    const runs = [deferred(), deferred()];
    let started = 0;
    const saves = new SerialSaves(() => runs[started++]!.promise);
    const first = saves.save();
    expect(saves.current).not.toBeNull();
    const second = saves.save();
    const third = saves.save();
    expect(started).toBe(1); // nothing runs twice at once
    runs[0]!.resolve(false);
    // Who asked meanwhile gets the answer of the save under way.
    await expect(second).resolves.toBe(false);
    await expect(third).resolves.toBe(false);
    await Promise.resolve();
    expect(started).toBe(2); // one more save, for all that asked meanwhile
    runs[1]!.resolve(true);
    // The first caller gets the answer of the last save.
    await expect(first).resolves.toBe(true);
    expect(saves.current).toBeNull();
  });

  it("runs alone when nothing else is asked", async () => {
    let started = 0;
    const saves = new SerialSaves(async () => {
      started += 1;
      return true;
    });
    await expect(saves.save()).resolves.toBe(true);
    await expect(saves.save()).resolves.toBe(true);
    expect(started).toBe(2);
    expect(saves.current).toBeNull();
  });
});
