// Fault tests take Postgres or Redis down and bring them back. The processes
// belong to whoever started the stack (the test runner's global setup), so
// that process serves this small control endpoint and tests call it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ManagedService } from '@/server/dev/services';

export type ServiceName = 'postgres' | 'redis';
export type ServiceAction = 'stop' | 'start';

export async function serveServiceControl(services: Partial<Record<ServiceName, ManagedService>>): Promise<{ url: string; close(): void }> {
  const server = createServer((req, res) => {
    const [, name, action] = (req.url ?? '').split('/') as [string, ServiceName, ServiceAction];
    const service = services[name];
    if (req.method !== 'POST' || !service || (action !== 'stop' && action !== 'start')) {
      res.writeHead(404).end();
      return;
    }
    service[action]().then(
      () => res.writeHead(204).end(),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

export async function controlService(controlUrl: string, name: ServiceName, action: ServiceAction): Promise<void> {
  const res = await fetch(`${controlUrl}/${name}/${action}`, { method: 'POST' });
  if (res.status !== 204) throw new Error(`${action} ${name} failed: ${res.status} ${await res.text()}`);
}
