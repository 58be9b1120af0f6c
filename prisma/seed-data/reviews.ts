// Short audience reviews, grouped by star rating. Kept film-agnostic so any film can draw on
// them; the seed picks deterministically. Seeded reviews are never "verified": that badge means
// the author held a ticket for a show that has started, and the seed creates no bookings.

export type ReviewText = { title: string; body: string };

export const REVIEW_TEXTS: Record<1 | 2 | 3 | 4 | 5, readonly ReviewText[]> = {
  5: [
    {
      title: 'Worth every rupee',
      body: 'Went in with low expectations and came out grinning. The interval block had the whole hall cheering.',
    },
    {
      title: 'Best thing I have seen this year',
      body: 'Brilliant performances, a background score that stays with you, and not a single dull stretch.',
    },
    {
      title: 'Watch it on the biggest screen',
      body: 'The sound and visuals deserve the big screen. Took my parents and they loved it too.',
    },
  ],
  4: [
    {
      title: 'Solid entertainer',
      body: 'A little long in the second half, but the lead performance carries it. Would watch again.',
    },
    {
      title: 'Great with friends',
      body: 'Lots of whistle-worthy moments and a surprisingly emotional climax. The songs could have been shorter.',
    },
    {
      title: 'Pleasant surprise',
      body: 'Well written and beautifully shot. A couple of scenes drag, but the ending makes up for it.',
    },
  ],
  3: [
    {
      title: 'Good in parts',
      body: 'The first half is sharp, the second half loses its way. Worth a watch if you like the genre.',
    },
    {
      title: 'One-time watch',
      body: 'Nothing new in the story, but the cast is likeable and the runtime flies by.',
    },
  ],
  2: [
    {
      title: 'Expected more',
      body: 'Big ideas, weak execution. The trailer promised a lot more than the film delivers.',
    },
    {
      title: 'Too long',
      body: 'A tighter edit would have helped. Some good moments are buried under too many subplots.',
    },
  ],
  1: [
    {
      title: 'Not for me',
      body: 'Could not connect with the characters at all and left at the interval. The music was the only highlight.',
    },
  ],
};
