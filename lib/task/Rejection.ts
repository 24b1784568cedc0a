/**
 * @internal A thenable that rejects with `error`: how a handle that keeps only its
 * `resolve` is rejected. A cancelled tracker shares one among all its tasks.
 */
export class Rejection {
  constructor(readonly error: unknown) {}
  then(_: unknown, reject: (error: unknown) => void): void {
    reject(this.error);
  }
}
