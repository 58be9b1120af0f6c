'use client';

import { useEffect } from 'react';

// Prints the ticket page. Whatever the theme on screen, paper gets the light theme: light text
// meant for a dark background would be unreadable on white. Also covers Ctrl+P, via the
// beforeprint/afterprint events.

export function PrintButton({ className, label = 'Print tickets' }: { className: string; label?: string }) {
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
      {label}
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

/**
 * For a printed admin list (the door list): A4 margins, no link styling, table rows never split
 * across pages (the header row repeats on each), and the list at full width instead of scrolling.
 */
export function ListPrintStyles() {
  return (
    <style href="marquee-list-print" precedence="default">
      {
        '@media print{@page{size:A4;margin:12mm}body:has([data-print-list]){background:#fff!important;color:#000!important;font-size:10.5pt}body:has([data-print-list]) main{max-width:none;padding:0}[data-print-list] a{color:inherit!important;text-decoration:none!important}[data-print-list] [data-print-scroll]{overflow:visible!important}[data-print-list] table{min-width:0!important}[data-print-list] tr{break-inside:avoid}[data-print-list] thead{display:table-header-group}}'
      }
    </style>
  );
}
