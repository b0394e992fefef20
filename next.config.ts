import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The database and Redis drivers hold sockets and native-ish state; load them
  // from node_modules at run time instead of bundling them into each route.
  serverExternalPackages: ['postgres', 'ioredis'],
  poweredByHeader: false,
};

export default nextConfig;
