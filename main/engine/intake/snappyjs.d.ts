/** snappyjs ships no types: the two functions Watchpost uses (Loki push bodies are snappy block format). */
declare module 'snappyjs' {
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
