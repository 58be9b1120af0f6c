import { describe, expect, it } from 'vitest';
import { parseTicketCode, ticketCode } from '@/lib/ticket-code';

describe('ticket codes typed at the door', () => {
  it('read back what is printed, however it is typed', () => {
    const printed = ticketCode('MQ-7K3F9X2', 'D6');
    expect(printed).toBe('MQ-7K3F9X2-D6');
    for (const typed of [printed, 'mq-7k3f9x2-d6', 'MQ7K3F9X2D6', ' MQ 7K3F9X2 D6 ', 'MQ-7K3F9X2 D06']) {
      expect(parseTicketCode(typed)).toEqual({ reference: 'MQ-7K3F9X2', seat: 'D6' });
    }
    expect(parseTicketCode('MQ-7K3F9X2-AA12')).toEqual({ reference: 'MQ-7K3F9X2', seat: 'AA12' });
  });

  it('refuse what cannot be a ticket code', () => {
    for (const typed of ['', 'MQ-7K3F9X2', 'XX-7K3F9X2-D6', 'MQ-7K3F9-D6', 'MQ-7K3F9X2-6', 'MQ-7K3F9X2-D']) {
      expect(parseTicketCode(typed)).toBeNull();
    }
  });
});
