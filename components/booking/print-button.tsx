'use client';

import { useEffect } from 'react';

// Prints the ticket page. Whatever the theme on screen, paper gets the light theme: light text
// meant for a dark background would be unreadable on white. Also covers Ctrl+P, via the
// beforeprint/afterprint events.

export function PrintButton({ className }: { className: string }) {
  useEffect(() => {
    const root = document.documentElement;
    let wasDark = false;
    const before = () => {
      wasDark = root.classList.contains('dark');
      root.classList.remove('dark');
    };
    const after = () => {
      if (wasDark) root.classList.add('dark');
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return (
    <button type="button" onClick={() => window.print()} className={className}>
      Print tickets
    </button>
  );
}

/** Hides the site's header and footer when a ticket page is printed (only when one is on the page). */
export function TicketPrintStyles() {
  return (
    <style href="marquee-ticket-print" precedence="default">
      {
        '@media print{body:has([data-ticket-page])>header,body:has([data-ticket-page])>footer{display:none!important}body:has([data-ticket-page]){background:#fff!important;color:#000!important}body:has([data-ticket-page]) main{max-width:none;padding:0}}'
      }
    </style>
  );
}
