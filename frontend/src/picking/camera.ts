// Reading barcodes with the phone's camera: the browser's own BarcodeDetector where it has one, else the ZXing
// WebAssembly build of the same API (barcode-detector). The library and its WebAssembly load on first use only,
// from this server (never a CDN), so they neither grow the first page load nor need the internet.

export interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}

const FORMATS = ["ean_13", "ean_8", "upc_a", "upc_e", "code_128", "code_39", "code_93", "itf", "qr_code", "data_matrix"];

interface NativeDetectorClass {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}

async function native(): Promise<Detector | null> {
  const Native = (window as unknown as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Native) return null;
  const supported = await Native.getSupportedFormats().catch(() => [] as string[]);
  const formats = FORMATS.filter((f) => supported.includes(f));
  return formats.length ? new Native({ formats }) : null;
}

async function zxing(): Promise<Detector> {
  const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
    import("barcode-detector/ponyfill"),
    import("zxing-wasm/reader/zxing_reader.wasm?url"),
  ]);
  prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
  });
  return new BarcodeDetector({ formats: FORMATS as never });
}

let detector: Promise<Detector> | null = null;

/** The detector for this browser, made once. */
export function barcodeDetector(): Promise<Detector> {
  detector ??= native().then((found) => found ?? zxing());
  detector.catch(() => (detector = null));
  return detector;
}
