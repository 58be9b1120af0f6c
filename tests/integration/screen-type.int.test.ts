import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import { ShowtimeChip } from '@/components/discover/showtime-chip';
import { screenTypeOf } from '@/lib/screen-type';
import { getShowtime } from '@/server/catalog/get-showtime';
import { listShowtimeCards } from '@/server/catalog/showtime-cards';
import { db } from '@/server/db';
import { createCinema, createScreen, createShowtime } from '../support/factories';
import { dropScratchDatabases } from '../support/scratch-db';

// Issue 16.7: a recliner lounge priced 3× the hall next door showed as plain "2D" on its chip.
// The chip names the screen type, from what is stored (screens.formats, the layout's seats), and
// says why it costs more.

afterAll(async () => {
  await dropScratchDatabases();
});

const localDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(d);

describe('premium screen types', () => {
  it('are judged from the formats and the seats', () => {
    expect(screenTypeOf({ formats: ['IMAX', 'TWO_D'], seats: 230, recliners: 0 })?.name).toBe('IMAX');
    expect(screenTypeOf({ formats: ['FOUR_DX'], seats: 64, recliners: 0 })?.name).toBe('4DX');
    expect(screenTypeOf({ formats: ['TWO_D'], seats: 40, recliners: 40 })?.name).toBe('Recliner lounge');
    // One back row of recliners does not make a hall a lounge.
    expect(screenTypeOf({ formats: ['TWO_D', 'THREE_D'], seats: 180, recliners: 12 })).toBeNull();
    expect(screenTypeOf({ formats: ['TWO_D'], seats: 0, recliners: 0 })).toBeNull();
  });

  it('are named on the showtime chips and the showtime page, with why they cost more', async () => {
    const cinema = await createCinema();
    const { screen: hall } = await createScreen({ cinemaId: cinema.id });
    const { screen: lounge } = await createScreen({ cinemaId: cinema.id, rows: 2, cols: 5 });
    await db().seat.updateMany({ where: { screenId: lounge.id }, data: { category: 'RECLINER' } });
    const { screen: imax } = await createScreen({ cinemaId: cinema.id });
    await db().screen.update({ where: { id: imax.id }, data: { formats: ['IMAX', 'TWO_D'] } });
    const startsAt = new Date(Date.now() + 26 * 3_600_000);
    const plain = await createShowtime({ screenId: hall.id, startsAt });
    const posh = await createShowtime({ screenId: lounge.id, startsAt, priceMinor: 65_000 });
    // A 2D film in the IMAX auditorium: the chip says 2D, and the IMAX screen.
    const big = await createShowtime({ screenId: imax.id, startsAt });

    const cards = await listShowtimeCards({ cinemaId: cinema.id, date: localDate(startsAt) });
    const card = (id: string) => {
      const c = cards.find((x) => x.id === id);
      if (!c) throw new Error(`no card for ${id}`);
      return c;
    };
    expect(card(plain.id).screenType).toBeNull();
    expect(card(posh.id).screenType).toMatchObject({ kind: 'RECLINER', name: 'Recliner lounge' });
    expect(card(big.id).screenType).toMatchObject({ kind: 'IMAX', name: 'IMAX' });

    const chip = (id: string) => renderToStaticMarkup(createElement(ShowtimeChip, { showtime: card(id) }));
    const lounged = chip(posh.id);
    expect(lounged).toContain('>Recliner lounge<');
    expect(lounged).toMatch(/title="Recliner lounge: [^"]+legroom"/);
    expect(lounged).toMatch(/aria-label="[^"]*2D, Hindi, from ₹650, Recliner lounge: [^"]+"/);
    expect(chip(big.id)).toContain('>IMAX<');
    expect(chip(big.id)).toMatch(/title="IMAX: [^"]*screen[^"]*sound"/);
    const ordinary = chip(plain.id);
    expect(ordinary).not.toContain('title=');
    expect(ordinary).not.toMatch(/IMAX|4DX|Recliner/);

    const page = await getShowtime(posh.id);
    expect(page?.screen.type?.why).toMatch(/^Recliner lounge: /);
    expect((await getShowtime(plain.id))?.screen.type).toBeNull();
  });
});
