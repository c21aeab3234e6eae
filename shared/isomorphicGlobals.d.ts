/**
 * The few globals that every place shared/ runs has (Node ≥ 18, Chromium renderer, workers), declared
 * here because the shared type check loads neither DOM nor Node types on purpose.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
  encodeInto(input: string, destination: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare function btoa(data: string): string;
declare function atob(data: string): string;
/** WebCrypto's digest (Node ≥ 19 and every browser expose `crypto.subtle`). */
declare const crypto: { subtle: { digest(algorithm: 'SHA-256', data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> } };
