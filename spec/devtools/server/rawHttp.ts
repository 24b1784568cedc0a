// HTTP/1.1 by hand over a socket, for requests `http.request` would not send.
import { connect, type Socket } from 'node:net';

export interface RawReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Sends `text` as it is to `address` (127.0.0.1):`port` and reads one response (by its
 * `content-length`, its chunks, or up to the end of the connection); then closes.
 */
export function rawRequest(port: number, text: string | Buffer, options: { head?: boolean; address?: string } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, options.address ?? '127.0.0.1', () => socket.write(text));
    let data = Buffer.alloc(0);
    const done = (reply: RawReply | undefined) => {
      socket.destroy();
      if (reply === undefined) reject(new Error(`no complete response: ${JSON.stringify(data.toString('latin1'))}`));
      else resolve(reply);
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const reply = parse(data, options.head === true, false);
      if (reply !== undefined) done(reply);
    });
    socket.on('end', () => done(parse(data, options.head === true, true)));
    socket.on('error', reject);
  });
}

function parse(data: Buffer, head: boolean, ended: boolean): RawReply | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  let rest = data.subarray(end + 4);
  if (head) return { status, headers, body: '' };
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    return rest.length >= length ? { status, headers, body: rest.subarray(0, length).toString('utf8') } : undefined;
  }
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    for (;;) {
      const line = rest.indexOf('\r\n');
      if (line < 0) return undefined;
      const size = parseInt(rest.subarray(0, line).toString('latin1'), 16);
      if (size === 0) return { status, headers, body: Buffer.concat(parts).toString('utf8') };
      if (rest.length < line + 2 + size + 2) return undefined;
      parts.push(rest.subarray(line + 2, line + 2 + size));
      rest = rest.subarray(line + 2 + size + 2);
    }
  }
  return ended ? { status, headers, body: rest.toString('utf8') } : undefined;
}

/** A client of the event stream at `path` that counts the `state` messages it receives (or reads nothing, `paused`). */
export interface StreamClient {
  readonly socket: Socket;
  /** How many `state` messages arrived so far. */
  messages(): number;
  /** The `data` of the `state` messages so far, parsed. */
  parsed(): Record<string, unknown>[];
  /** Resolves when at least `n` messages arrived. */
  waitFor(n: number): Promise<void>;
}

export function streamClient(port: number, path: string, options: { paused?: boolean; keep?: boolean } = {}): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let count = 0;
    const parsed: Record<string, unknown>[] = [];
    const waiting: { n: number; wake: () => void }[] = [];
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      let end;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block);
        if (!/^event: state$/m.test(block) || data === null) continue;
        count++;
        if (options.keep === true) parsed.push(JSON.parse(data[1]) as Record<string, unknown>);
      }
      for (const waiter of waiting.splice(0)) {
        if (count >= waiter.n) waiter.wake();
        else waiting.push(waiter);
      }
    });
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      if (options.paused === true) socket.pause();
      resolve({
        socket,
        messages: () => count,
        parsed: () => parsed,
        waitFor: (n) => new Promise<void>((wake) => (count >= n ? wake() : waiting.push({ n, wake }))),
      });
    });
  });
}
