/// <reference types="node" />

/** Names that always mean this machine: a page elsewhere cannot make a browser send them. */
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/** A host name (labels of letters, digits, `-`, `_`), an IPv4 address or a bracketed IPv6 one, then maybe a port. */
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?)(?::(\d{1,5}))?$/i;

/**
 * @internal Which `Host` headers `devtoolsHandler` answers, against DNS
 * rebinding: a page on `rebind.attacker.example` whose name was pointed at the
 * server's address reaches the server with its own name in `Host`. Allowed: the
 * loopback names, the address the connection arrived at (an address, not a
 * name, cannot be rebound), and the names the application lists. Ports are not
 * compared: the name is what a rebinding page controls.
 */
export class HostAllowlist {
  private readonly _names: ReadonlySet<string>;

  /** @throws TypeError if `extra` is not an array of host names. */
  constructor(extra: readonly string[] | undefined) {
    if (extra !== undefined && !Array.isArray(extra)) throw new TypeError(`allowedHosts must be an array of host names, got ${typeof extra}`);
    const names = new Set(LOOPBACK);
    for (const entry of extra ?? []) {
      const match = typeof entry === 'string' ? HOST.exec(entry) : null;
      const name = match === null || match[2] !== undefined ? undefined : canonical(match[1]);
      if (name === undefined) throw new TypeError(`allowedHosts: ${JSON.stringify(entry)} is not a host name (write it without scheme or port, e.g. 'devtools.example.com')`);
      names.add(name);
    }
    this._names = names;
  }

  /**
   * The canonical name in a `Host` header, or `undefined` if the header is not
   * a host (a missing or malformed one).
   */
  static hostName(header: string | undefined): string | undefined {
    const match = header === undefined ? null : HOST.exec(header);
    return match === null ? undefined : canonical(match[1]);
  }

  /** Whether `name` (from {@link HostAllowlist.hostName}) may be served on a connection that arrived at `localAddress`. */
  allows(name: string, localAddress: string | undefined): boolean {
    return this._names.has(name) || (localAddress !== undefined && name === addressName(localAddress));
  }
}

/** The WHATWG form of a host (lower case, `127.1` → `127.0.0.1`, IPv6 compressed, no final dot), or `undefined`. */
function canonical(host: string): string | undefined {
  try {
    return new URL(`http://${host}/`).hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** A socket's local address as a `Host` names it: `::ffff:10.0.0.5` → `10.0.0.5`, `fe80::1%eth0` → `[fe80::1]`. */
function addressName(address: string): string | undefined {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4 !== null) return v4[1];
  return canonical(address.includes(':') ? `[${address.replace(/%.*$/, '')}]` : address);
}
