// Is a lab's address free? A second lab on a net in use would have its daemons loop on
// "unable to bind" while the first lab answered every check for it: ask the kernel first.
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** Why ADDRESS:53 cannot be bound over UDP or TCP (EADDRINUSE: someone serves there), or nothing when it can. */
export async function portTaken(address: string, port = 53): Promise<string | undefined> {
  const udp = await new Promise<string | undefined>((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      resolve(error.code === 'EADDRINUSE' ? `UDP ${address}:${port} is in use` : undefined);
    });
    socket.bind(port, address, () => socket.close(() => resolve(undefined)));
  });
  if (udp) return udp;
  return new Promise<string | undefined>((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' ? `TCP ${address}:${port} is in use` : undefined));
    server.listen(port, address, () => server.close(() => resolve(undefined)));
  });
}
