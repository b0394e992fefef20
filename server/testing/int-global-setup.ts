// Integration tests run against the real thing: a private Postgres and Redis,
// the built web server and one projector worker, all started the way
// `npm start` starts them.
import type { TestProject } from 'vitest/node';
import { startTestStack } from '@/server/dev/test-stack';
import { serveServiceControl } from './service-control';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    webUrls: string[];
    databaseUrl: string;
    redisUrl: string;
    sessionSecret: string;
    serviceControlUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const stack = await startTestStack({ name: 'int', withWeb: true, withWorker: true, webInstances: 2, trustedProxies: 'loopback' });
  project.provide('baseUrl', stack.baseUrl);
  project.provide('webUrls', stack.webUrls);
  project.provide('databaseUrl', stack.databaseUrl);
  project.provide('redisUrl', stack.redisUrl);
  project.provide('sessionSecret', stack.sessionSecret);
  const control = await serveServiceControl(stack.services);
  project.provide('serviceControlUrl', control.url);
  return async () => {
    control.close();
    await stack.stop();
  };
}
