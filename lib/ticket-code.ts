// The short code printed under each ticket's QR code and on the booking page, for when a scanner
// cannot read it: the booking reference and the seat, "MQ-7K3F9X2-D6". Door staff type it as it
// reads, with or without dashes or spaces, in any case; the check-in finds the ticket by both
// parts (a reference alone names several seats). Shared by server and client.

export function ticketCode(reference: string, seatLabel: string): string {
  return `${reference}-${seatLabel}`;
}

/** The reference ("MQ-" + 7 characters) and seat label of a typed code, or null. */
export function parseTicketCode(input: string): { reference: string; seat: string } | null {
  const plain = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  const m = /^MQ([0-9A-Z]{7})([A-Z]{1,3})(\d{1,3})$/.exec(plain);
  if (!m) return null;
  return { reference: `MQ-${m[1]}`, seat: `${m[2]}${Number(m[3])}` };
}
