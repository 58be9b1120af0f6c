'use client';

import { useEffect } from 'react';
import { registerServiceWorker } from '@/lib/offline-tickets';

/** Installs the service worker (public/sw.js) on every page, once the page has loaded. */
export function ServiceWorker() {
  useEffect(() => {
    void registerServiceWorker();
  }, []);
  return null;
}
