import type { MetadataRoute } from 'next';

// Served at /manifest.webmanifest: Marquee installs as an app that opens on the customer's
// bookings, where their tickets are (and, through the service worker, still open offline).
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/',
    name: 'Marquee — cinema tickets',
    short_name: 'Marquee',
    description: 'Find a film, pick your seats on a live seat map, and keep your tickets on your phone.',
    start_url: '/bookings',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#fafaf9',
    theme_color: '#c2410c',
    categories: ['entertainment', 'lifestyle'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    shortcuts: [
      { name: 'My bookings', url: '/bookings', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
    ],
  };
}
