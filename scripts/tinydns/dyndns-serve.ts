// dyndnsServe: the dyndns2 update service itself (run by the service's run file, under envdir
// and setuidgid): node:http, or node:https with env/CERT and env/KEY, answering ddclient.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { problem, type CommandContext } from '../../framework/index.js';
import type { AddressUpdate } from '../../lib/dyndns/address-edit.js';
import type { ReplyCode } from '../../lib/dyndns/protocol.js';
import type { DyndnsSettings } from '../../lib/dyndns/settings.js';
import { UpdateBatches } from './dyndns-batch.js';
import { AccountBook } from './dyndns-book.js';

export async function dyndnsServe(context: CommandContext): Promise<void> {
  const { readSettings } = await import('../../lib/dyndns/settings.js');
  let settings: DyndnsSettings;
  try {
    settings = readSettings(process.env);
  } catch (error) {
    problem('%s (dyndnsServe reads its settings from the environment, as envdir sets them from env/)', (error as Error).message);
  }
  const { requireEditableData, rootOf } = await import('./data-file.js');
  const tinydns = {
    ...context,
    params: {
      ...context.params,
      dir: settings.tinydns,
      ...(settings.sshConfig ? { sshConfig: settings.sshConfig } : {}),
      ...(settings.secondaryDir ? { secondaryDir: settings.secondaryDir } : {}),
    },
  };
  requireEditableData(rootOf(tinydns.params));
  const log = (text: string) => process.stderr.write(`dyndns: ${text}\n`);
  const batches = new UpdateBatches(tinydns, settings.windowMs, settings.ttl, (b) =>
    log(`batch of ${b.requests} request(s), ${b.updates} update(s), ${b.changed} changed, ${b.compiled ? 'compiled' : 'no compile'} in ${b.ms} ms${b.error ? `: dnserr: ${b.error}` : ''}`),
  );
  const book = new AccountBook(settings.accounts, settings);
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    answer(request, response, settings, book, batches, log).catch((error: unknown) => {
      log(`911: ${(error as Error).message}`);
      if (!response.headersSent) reply(response, 500, ['911']);
    });
  };
  const options = {
    headersTimeout: settings.headerTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    // Node checks the two time-outs only this often (30 s by default).
    connectionsCheckingInterval: Math.min(1000, settings.headerTimeoutMs / 2),
    maxHeaderSize: Math.max(settings.maxUrl + 4096, 8192),
    // An idle keep-alive connection is closed after this (ddclient sends one request per run).
    keepAliveTimeout: Math.min(5000, settings.headerTimeoutMs),
  };
  const tls = settings.cert && settings.key;
  const server = tls
    ? (await import('node:https')).createServer({ ...options, handshakeTimeout: settings.headerTimeoutMs, cert: readFileSync(settings.cert!), key: readFileSync(settings.key!) }, handler)
    : (await import('node:http')).createServer(options, handler);
  // Node's headersTimeout never expires a connection that has sent nothing: MAXCONNECTIONS idle
  // ones would shut every client out. One silent for HEADERTIMEOUT is cut; one that has begun a
  // request is left to Node's time-outs (408), and cut once REQUESTTIMEOUT has passed too.
  const asked = new WeakSet<Socket>();
  server.on('request', (request: IncomingMessage) => asked.add(request.socket));
  server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    const cut = () => {
      if (!asked.has(socket)) socket.destroy();
    };
    setTimeout(() => (!tls && socket.bytesRead === 0 ? cut() : undefined), settings.headerTimeoutMs).unref();
    setTimeout(cut, settings.requestTimeoutMs + 2 * options.connectionsCheckingInterval).unref();
  });
  server.maxConnections = settings.maxConnections;
  server.maxHeadersCount = 64;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const slow = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT';
    const big = error.code === 'HPE_HEADER_OVERFLOW';
    log(`${slow ? '911' : 'abuse'}: ${error.code ?? error.message} from ${socket.remoteAddress}`);
    if (socket.writable) {
      const [status, code] = slow ? ['408 Request Timeout', '911'] : big ? ['431 Request Header Fields Too Large', 'abuse'] : ['400 Bad Request', '911'];
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${code.length + 1}\r\nConnection: close\r\n\r\n${code}\n`);
    } else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.ip, () => resolve());
  });
  log(`serving dyndns2 on ${tls ? 'https' : 'http'}://${settings.ip}:${settings.port}/nic/update for ${settings.tinydns}, window ${settings.windowMs} ms`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  log('stopped');
}

function reply(response: ServerResponse, status: number, lines: string[], headers: Record<string, string> = {}): void {
  const body = lines.join('\n') + '\n';
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

/** The body is not used, but must stay under the limit: read (and drop) it, false when it is too big. */
function bodyWithinLimit(request: IncomingMessage, limit: number): Promise<boolean> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve(false);
  return new Promise((resolve) => {
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(false);
        request.pause();
      }
    });
    request.on('end', () => resolve(size <= limit));
    request.on('error', () => resolve(false));
  });
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  settings: DyndnsSettings,
  book: AccountBook,
  batches: UpdateBatches,
  log: (text: string) => void,
): Promise<void> {
  const { parseUpdateQuery, basicCredentials, replyLine } = await import('../../lib/dyndns/protocol.js');
  const peer = request.socket.remoteAddress;
  const url = request.url ?? '';
  const refuse = (status: number, code: ReplyCode, why: string, headers?: Record<string, string>) => {
    log(`${code}: ${why} (from ${peer})`);
    reply(response, status, [code], { ...headers, ...(status >= 400 ? { Connection: 'close' } : {}) });
  };
  if (Buffer.byteLength(url) > settings.maxUrl) return refuse(414, 'abuse', `request line over ${settings.maxUrl} bytes`);
  if (!(await bodyWithinLimit(request, settings.maxBody))) return refuse(413, 'abuse', `body over ${settings.maxBody} bytes`);
  const parsed = new URL(url, 'http://dyndns.invalid');
  if (parsed.pathname !== '/nic/update') return refuse(404, '911', `no such path ${JSON.stringify(parsed.pathname)}`);
  if (request.method !== 'GET' && request.method !== 'POST') return refuse(405, '911', `method ${request.method}`);
  const credentials = basicCredentials(request.headers.authorization);
  if (!credentials) return refuse(401, 'badauth', 'no Basic credentials', { 'WWW-Authenticate': 'Basic realm="dyndns"' });
  const update = parseUpdateQuery(parsed.searchParams, peer);
  const hostCount = update.ok ? update.hostnames.length : Math.max(1, (parsed.searchParams.get('hostname') ?? '').split(',').filter(Boolean).length);
  const each = (line: string) => Array.from({ length: Math.min(hostCount, 20) }, () => line);
  const login = await book.authenticate(credentials.user, credentials.password, peer);
  if (!('account' in login)) {
    log(`${login.code}: ${login.why} (from ${peer})`);
    return reply(response, 200, each(login.code));
  }
  const { account } = login;
  if (!update.ok) {
    log(`${update.code}: ${account.name}: ${update.why} (from ${peer})`);
    return reply(response, 200, each(update.code));
  }
  if (!book.withinRate(account.name, update.hostnames.length)) {
    log(`abuse: ${account.name} sent more than ${settings.perMinute} updates in a minute`);
    return reply(response, 200, each('abuse'));
  }
  const { addresses } = update;
  const lines: string[] = new Array(update.hostnames.length);
  const updates: AddressUpdate[] = [];
  const owners: number[] = [];
  update.hostnames.forEach((name, i) => {
    if (!account.hostnames.includes(name)) {
      lines[i] = book.ownerOf(name) ? '!yours' : 'nohost';
      return;
    }
    for (const family of ['v4', 'v6'] as const) {
      const ip = addresses[family];
      if (ip) {
        updates.push({ name, family, ip });
        owners.push(i);
      }
    }
  });
  const outcomes = updates.length ? await batches.submit(updates) : [];
  update.hostnames.forEach((_, i) => {
    if (lines[i] !== undefined) return;
    const mine = outcomes.filter((_, u) => owners[u] === i);
    // A name with other records (a CNAME, an "=" line…) is not the account's to change.
    const code = mine.includes('refused') ? '!yours' : mine.includes('dnserr') ? 'dnserr' : mine.includes('good') ? 'good' : 'nochg';
    lines[i] = code === 'good' || code === 'nochg' ? replyLine(code, addresses) : code;
  });
  log(`${account.name} from ${peer}: ${update.hostnames.map((name, i) => `${name} ${lines[i]}`).join(', ')}`);
  reply(response, 200, lines);
}
