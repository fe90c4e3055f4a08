/** The part of js-md4 (no types of its own) that NTLM uses: its pure-JS hasher. */
declare module 'js-md4' {
  interface Md4 {
    update(data: Uint8Array | string): Md4;
    arrayBuffer(): ArrayBuffer;
  }
  const md4: { create(): Md4 };
  export default md4;
}
