/**
 * Values that break code which describes, inspects or awaits what it is given:
 * what a careless or hostile task may return, throw, or be cancelled with. Each
 * is made fresh by its factory (a Proxy is revoked once, a getter may count).
 * Shared by the hostile-value specs, the property spec and the soak.
 */
export interface HostileValue {
  /** What it is, for spec names. */
  readonly name: string;
  /** A fresh one. */
  make(): unknown;
  /**
   * Whether reading a property of it throws (a revoked Proxy, a Proxy whose
   * traps throw, a `then` getter that throws): a task that returns it, or
   * resolves its handle with it, fails with that error, as a promise resolved
   * with it rejects.
   */
  readonly unreadable: boolean;
}

/** The error the throwing getters and traps below throw. */
export const HOSTILE_ERROR = 'hostile getter';

function hostileError(): Error {
  return new Error(HOSTILE_ERROR);
}

/** A Proxy whose every trap throws. */
function throwingProxy(target: object): object {
  return new Proxy(
    target,
    new Proxy(
      {},
      {
        get: () => () => {
          throw hostileError();
        },
      },
    ),
  );
}

function revoked(target: object): object {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}

export const HOSTILE_VALUES: readonly HostileValue[] = [
  { name: 'Object.create(null)', make: () => Object.create(null), unreadable: false },
  {
    name: 'an object whose toString throws',
    make: () => ({
      toString() {
        throw hostileError();
      },
    }),
    unreadable: false,
  },
  {
    name: 'an Error whose message getter throws',
    make: () =>
      Object.defineProperty(new Error(), 'message', {
        get() {
          throw hostileError();
        },
      }),
    unreadable: false,
  },
  {
    name: 'an Error whose name and message getters throw',
    make: () => {
      const error = new Error();
      for (const key of ['name', 'message']) {
        Object.defineProperty(error, key, {
          get() {
            throw hostileError();
          },
        });
      }
      return error;
    },
    unreadable: false,
  },
  { name: 'a revoked Proxy', make: () => revoked({}), unreadable: true },
  { name: 'a revoked Proxy of a function', make: () => revoked(() => {}), unreadable: true },
  { name: 'a Proxy whose traps throw', make: () => throwingProxy({}), unreadable: true },
  {
    name: 'an object whose then getter throws',
    make: () => ({
      get then() {
        throw hostileError();
      },
    }),
    unreadable: true,
  },
  { name: 'a Symbol', make: () => Symbol('hostile'), unreadable: false },
  { name: 'a BigInt', make: () => 10n, unreadable: false },
];

/** Text about any value for a spec's own messages, which must not throw either. */
export function safeText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return `[${typeof value}]`;
  }
}
