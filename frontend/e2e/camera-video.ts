// A camera's picture for Chromium's fake capture device: a Y4M video whose every frame shows one barcode, drawn
// from the symbol ZXing's writer encodes (the same library family the picker app reads with), black bars on a
// white label in a grey room.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { prepareZXingModule, writeBarcode } from "zxing-wasm/writer";

const WIDTH = 640;
const HEIGHT = 480;
const MODULE_PX = 4;
const FRAMES = 10;
const [BLACK, WHITE, GREY] = [16, 235, 150];

let prepared: Promise<unknown> | null = null;

function writer(): Promise<unknown> {
  const wasm = createRequire(import.meta.url).resolve("zxing-wasm/writer/zxing_writer.wasm");
  prepared ??= prepareZXingModule({ overrides: { wasmBinary: readFileSync(wasm).buffer as ArrayBuffer }, fireImmediately: true });
  return prepared;
}

/** Writes a looping Y4M video to `path` showing `text` as a Code 128 barcode, filling the middle of the frame. */
export async function writeBarcodeVideo(path: string, text: string): Promise<void> {
  await writer();
  const written = await writeBarcode(text, { format: "Code128" });
  if (written.error) throw new Error(`cannot encode ${text}: ${written.error}`);
  const { data, width, height } = written.symbol; // one byte per module: 0 is a bar
  const drawnWidth = width * MODULE_PX;
  if (drawnWidth + 2 * 10 * MODULE_PX > WIDTH) throw new Error(`${text} is too long for a ${WIDTH} px frame`);
  const luma = new Uint8Array(WIDTH * HEIGHT).fill(GREY);
  const label = { left: (WIDTH - drawnWidth) / 2 - 12 * MODULE_PX, top: 100, right: (WIDTH + drawnWidth) / 2 + 12 * MODULE_PX, bottom: 380 };
  for (let y = label.top; y < label.bottom; y += 1) luma.fill(WHITE, y * WIDTH + label.left, y * WIDTH + label.right);
  const barTop = 140;
  const barHeight = 200;
  for (let y = 0; y < barHeight; y += 1) {
    const row = Math.min(height - 1, Math.floor((y * height) / barHeight));
    for (let x = 0; x < drawnWidth; x += 1) {
      if (data[row * width + Math.floor(x / MODULE_PX)] === 0) luma[(barTop + y) * WIDTH + (WIDTH - drawnWidth) / 2 + x] = BLACK;
    }
  }
  const chroma = new Uint8Array((WIDTH / 2) * (HEIGHT / 2)).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma, chroma]);
  writeFileSync(path, Buffer.concat([header, ...Array<Buffer>(FRAMES).fill(frame)]));
}
