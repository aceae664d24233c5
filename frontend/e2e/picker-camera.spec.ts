import { chromium, type Browser } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import config from "../playwright.config";
import { writeBarcodeVideo } from "./camera-video";
import { Api, expect, signIn, test } from "./fixtures";
import { mainUrl } from "./env";

// The picker app's camera: Chromium's fake camera films a bin label (a Code 128 video made for the picklist's bin),
// the app reads it with the ZXing WebAssembly reader it serves itself (headless Chromium on Linux has no native
// BarcodeDetector), and the read code goes through picklistScan like a typed one.

const PHONE = { width: 360, height: 740 };
const BOTTLE = "BW-BOTTLE-1L";

let browser: Browser | null = null;
let videoDir = "";

test.afterAll(async () => {
  await browser?.close();
  if (videoDir) rmSync(videoDir, { recursive: true, force: true });
});

async function picklistForOneBottle(): Promise<{ number: string; bin: string }> {
  const berta = new Api();
  await berta.signIn("berta@bergwerk.test");
  const found = await berta.request<{ warehouses: { id: string }[]; products: { edges: { node: { id: string; sku: string } }[] } }>(
    `query { warehouses { id } products(first: 5, filter: { search: "${BOTTLE}" }) { edges { node { id sku } } } }`,
  );
  const product = found.products.edges.find((e) => e.node.sku === BOTTLE)!.node.id;
  const placed = await berta.request<{ orderCreate: { order: { id: string; status: string }; errors: unknown[] } }>(
    "mutation($input: OrderCreateInput!) { orderCreate(input: $input) { order { id status } errors { message } } }",
    {
      input: {
        warehouseId: found.warehouses[0]!.id,
        paymentMethod: "INVOICE",
        lines: [{ productId: product, quantity: 1, unitPrice: "24.90" }],
        customer: { name: "Carla Kamera", email: "carla@example.test" },
        shippingAddress: { name: "Carla Kamera", line1: "Linsenweg 1", postalCode: "04109", city: "Leipzig", country: "DE" },
      },
    },
  );
  expect(placed.orderCreate.errors).toEqual([]);
  expect(placed.orderCreate.order.status).toBe("READY");

  const floor = new Api();
  await floor.signIn("warehouse@packline.test");
  const made = await floor.request<{ picklistCreate: { picklist: { number: string; lines: { binCode: string | null }[] }; errors: unknown[] } }>(
    "mutation($input: PicklistCreateInput!) { picklistCreate(input: $input) { picklist { number lines { binCode } } errors { message } } }",
    { input: { warehouseId: found.warehouses[0]!.id, orderIds: [placed.orderCreate.order.id] } },
  );
  expect(made.picklistCreate.errors).toEqual([]);
  const bin = made.picklistCreate.picklist.lines[0]!.binCode;
  expect(bin).toBeTruthy();
  return { number: made.picklistCreate.picklist.number, bin: bin! };
}

test("a picker reads the bin's label with the phone's camera and the scan counts", async () => {
  test.setTimeout(90_000);
  const { number, bin } = await picklistForOneBottle();

  videoDir = mkdtempSync(join(tmpdir(), "packline-camera-"));
  const video = join(videoDir, "bin-label.y4m");
  await writeBarcodeVideo(video, bin);
  const base = config.use?.launchOptions ?? {};
  browser = await chromium.launch({
    ...base,
    args: [...(base.args ?? []), "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  const context = await browser.newContext({ baseURL: mainUrl, locale: "en-GB", viewport: PHONE, permissions: ["camera"] });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  const wasmFrom: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) wasmFrom.push(request.url());
  });

  await signIn(page, "warehouse@packline.test");
  await page.goto("/pick");
  await page.getByRole("button", { name: `Start ${number}` }).click();
  await expect(page.getByRole("heading", { name: `Picking ${number}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId("pick-bin")).toHaveText(bin);
  const card = page.getByRole("article", { name: "What to pick now" });
  await expect(card).toHaveAttribute("data-step", "bin");

  // The camera films the bin's label: the app reads it and the picker is at the bin, without typing anything.
  await page.getByRole("button", { name: "Camera", exact: true }).click();
  await expect(page.getByRole("region", { name: "Camera scanner" }).locator("video")).toBeVisible();
  await expect(page.getByTestId("scan-message")).toContainText(`At bin ${bin}: now scan the product.`, { timeout: 20_000 });
  await expect(card).toHaveAttribute("data-step", "product");
  // The label stays in view: read again and again, it is the same bin, never a wrong scan.
  await page.waitForTimeout(2_000);
  await expect(page.getByTestId("scan-message")).not.toHaveAttribute("role", "alert");

  // The reader came from this server, not from the internet.
  expect(wasmFrom.length).toBeGreaterThan(0);
  expect(wasmFrom.every((url) => url.startsWith(mainUrl))).toBe(true);

  await page.getByRole("button", { name: "Close camera" }).first().click();
  await expect(page.getByRole("region", { name: "Camera scanner" })).toHaveCount(0);
  await page.getByLabel("Scan a bin, barcode or SKU").focus();
  await page.keyboard.type(BOTTLE);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("pick-done")).toContainText("1 lines, 1 units picked, 0 short.");
  expect(problems).toEqual([]);
  await context.close();
});
