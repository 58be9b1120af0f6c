// Short audience reviews, grouped by star rating. Kept film-agnostic so any film can draw on
// them; the seed picks deterministically and never gives one film the same text twice (a film
// has six reviewers at most, so each rating has at least six texts). Seeded reviews are never
// "verified": that badge means the author held a ticket for a show that has started, and the
// seed creates no bookings.

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
    {
      title: 'A proper big-screen event',
      body: 'The audience clapped at the end, which never happens. Every department is firing here.',
    },
    {
      title: 'Could not stop talking about it',
      body: 'Booked a second show the next day. The last twenty minutes are pure cinema.',
    },
    {
      title: 'Masterful',
      body: 'Confident direction, a story that trusts its audience, and a finale that earns its tears.',
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
    {
      title: 'Very enjoyable',
      body: 'Funny when it needs to be and tense when it matters. The supporting cast steals a few scenes.',
    },
    {
      title: 'Good family outing',
      body: 'Kids and grandparents both enjoyed it. A few jokes fall flat but the heart is in the right place.',
    },
    {
      title: 'Nearly great',
      body: 'Gorgeous to look at and well acted; one subplot too many keeps it from being a classic.',
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
    {
      title: 'Average',
      body: 'Decent performances, predictable plot. Fine for a weekend, forgettable by Monday.',
    },
    {
      title: 'Mixed feelings',
      body: 'Some scenes are terrific and others feel copied from older films. The music helps.',
    },
    {
      title: 'Watchable',
      body: 'The lead tries hard and the visuals are nice, but the writing needed another draft.',
    },
    {
      title: 'Okay, not more',
      body: 'Starts strong, sags in the middle, recovers a bit in the end. Matinee price is right.',
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
    {
      title: 'Disappointing',
      body: 'The premise is interesting but the film never decides what it wants to be.',
    },
    {
      title: 'Patience tested',
      body: 'Loud, long and repetitive. A couple of good songs cannot save it.',
    },
    {
      title: 'Missed the mark',
      body: 'Good actors wasted on thin characters. The climax is rushed and confusing.',
    },
    {
      title: 'Skip it',
      body: 'Looked promising in the first ten minutes, then every twist was visible a mile away.',
    },
  ],
  1: [
    {
      title: 'Not for me',
      body: 'Could not connect with the characters at all and left at the interval. The music was the only highlight.',
    },
    {
      title: 'Walked out',
      body: 'The pacing is so slow that half the row was on their phones. I left before the end.',
    },
    {
      title: 'Hard to sit through',
      body: 'Clumsy dialogue, odd editing and a story that goes nowhere. Not recommended.',
    },
    {
      title: 'Waste of an evening',
      body: 'Nothing worked for me: not the jokes, not the action, not the romance.',
    },
    {
      title: 'Very poor',
      body: 'Felt like a rough cut. Even the usually reliable lead looks lost here.',
    },
    {
      title: 'Avoid',
      body: 'Loud, confusing and far too long. The only good moment was the interval.',
    },
  ],
};
