// The carriers the packing station offers. MANUAL: the label is printed elsewhere and its tracking number typed in.
// DHL: the label is bought through DHL's API when the parcel ships; the parcel then says it has a label, and the
// station offers to print it.

export interface Carrier {
  code: string;
  /** Staff type the tracking number of a label printed elsewhere. */
  typesTrackingNumber: boolean;
}

export const CARRIERS: readonly Carrier[] = [
  { code: "MANUAL", typesTrackingNumber: true },
  { code: "DHL", typesTrackingNumber: false },
];

/** Shipping what is picked in one go (orderShipAvailable) takes a typed label only: a bought label needs a packed parcel. */
export const TYPED_CARRIERS: readonly Carrier[] = CARRIERS.filter((c) => c.typesTrackingNumber);

export const carrierOf = (code: string): Carrier => CARRIERS.find((c) => c.code === code) ?? CARRIERS[0]!;

/** What a shipped parcel's tracking link points at: only https addresses are followed. */
export function trackingHref(url: string | null | undefined): string | null {
  return url && /^https:\/\/\S+$/.test(url) ? url : null;
}
