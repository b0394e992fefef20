import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Loaded from node_modules at run time, not bundled per route: the drivers hold
  // sockets, and prom-client's registry must be one instance per process, shared
  // by every route and the custom server (socket.io) alike.
  serverExternalPackages: ['postgres', 'ioredis', 'prom-client', 'rate-limiter-flexible'],
  poweredByHeader: false,
};

export default nextConfig;
