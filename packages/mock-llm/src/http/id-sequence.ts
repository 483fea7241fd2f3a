/**
 * Per-server counter behind every generated id (`chatcmpl-mock000001`, `msg_mock000002`…), so a
 * fresh server answers the same requests with the same ids.
 *
 * @example
 * ```ts
 * const ids = new IdSequence();
 * ids.next("chatcmpl-mock"); // "chatcmpl-mock000001"
 * ```
 */
export class IdSequence {
  #counter = 0;

  next(prefix: string): string {
    this.#counter += 1;
    return `${prefix}${String(this.#counter).padStart(6, "0")}`;
  }
}
