import { HostAllowlist } from '../../../lib/devtools/server/HostAllowlist.js';

describe('HostAllowlist', () => {
  const allows = (list: HostAllowlist, header: string, localAddress?: string) => {
    const name = HostAllowlist.hostName(header);
    return name !== undefined && list.allows(name, localAddress);
  };

  it('reads a Host header in its canonical form, or not at all', () => {
    expect(HostAllowlist.hostName('LocalHost.:8080')).toBe('localhost');
    expect(HostAllowlist.hostName('127.1')).toBe('127.0.0.1');
    expect(HostAllowlist.hostName('[0:0:0:0:0:0:0:1]:80')).toBe('[::1]');
    for (const bad of [undefined, '', 'a@b', 'a/b', 'a b', 'a:b', 'a:123456', '[::1', '999.0.0.1', 'http://a']) {
      expect(HostAllowlist.hostName(bad)).withContext(String(bad)).toBeUndefined();
    }
  });

  it('allows the loopback names, the listed names and the local address, with any port', () => {
    const list = new HostAllowlist(['Devtools.Example']);
    for (const host of ['localhost', '127.0.0.1:1', '[::1]:9', 'devtools.example:443']) expect(allows(list, host)).withContext(host).toBeTrue();
    for (const host of ['rebind.attacker.example', 'example', '127.0.0.2', 'localhost.attacker.example']) expect(allows(list, host)).withContext(host).toBeFalse();
    // The address the connection arrived at, as Node reports it.
    expect(allows(list, '10.1.2.3:8080', '10.1.2.3')).toBeTrue();
    expect(allows(list, '10.1.2.3', '::ffff:10.1.2.3')).toBeTrue();
    expect(allows(list, '[fe80::1]', 'fe80::1%eth0')).toBeTrue();
    expect(allows(list, '[2001:db8::1]', '2001:db8:0::1')).toBeTrue();
    expect(allows(list, '10.1.2.4', '10.1.2.3')).toBeFalse();
  });
});
