import { MovieFormat } from '@/prisma/generated/enums';

// Invented films for an Indian multiplex programme. Release dates are relative to the seed's
// `now` so the catalogue always has a "now showing" and a "coming soon" shelf.

export type Certificate = 'U' | 'UA 7+' | 'UA 13+' | 'UA 16+' | 'A';

export type FilmSeed = {
  slug: string;
  title: string;
  synopsis: string;
  runtimeMinutes: number;
  certificate: Certificate;
  genres: string[];
  /** First entry is the original language; the rest are dubs. */
  languages: string[];
  formats: MovieFormat[];
  director: string;
  cast: { name: string; character: string }[];
  /** Days from the seed's local "today": negative means already released. */
  releaseInDays: number;
  /** How hard the programmers push it (new blockbusters get more shows). */
  popularity: number;
  tagline: string;
};

const { TWO_D, THREE_D, IMAX, FOUR_DX } = MovieFormat;

export const FILMS: FilmSeed[] = [
  {
    slug: 'monsoon-express',
    title: 'Monsoon Express',
    synopsis:
      'A railway cop has one night to stop a hijacked overnight express before it reaches Mumbai in the heaviest rain in a century. With the signals down and a traitor aboard, every station becomes a battlefield.',
    runtimeMinutes: 152,
    certificate: 'UA 13+',
    genres: ['Action', 'Thriller'],
    languages: ['Hindi', 'Tamil', 'Telugu'],
    formats: [TWO_D, IMAX, FOUR_DX],
    director: 'Kabir Malhotra',
    cast: [
      { name: 'Vikrant Sethi', character: 'Inspector Aryan Rathod' },
      { name: 'Meher Kapoor', character: 'Dr. Nandini Iyer' },
      { name: 'Raghav Joshi', character: 'Bhairav' },
      { name: 'Sulabha Deshmukh', character: 'Aai' },
      { name: 'Imran Qureshi', character: 'Guard Pereira' },
    ],
    releaseInDays: -4,
    popularity: 10,
    tagline: 'One night. One train. No brakes.',
  },
  {
    slug: 'the-last-lighthouse',
    title: 'The Last Lighthouse',
    synopsis:
      'When the oceans swallow the last coastline, a keeper on a drifting lighthouse picks up a signal from a city that should not exist. She must decide whether to trust the voice or the sea.',
    runtimeMinutes: 138,
    certificate: 'UA 13+',
    genres: ['Science Fiction', 'Adventure'],
    languages: ['English', 'Hindi', 'Tamil'],
    formats: [TWO_D, THREE_D, IMAX, FOUR_DX],
    director: 'Elena Marsh',
    cast: [
      { name: 'Clara Whitfield', character: 'Wren Hollis' },
      { name: 'Tobias Achebe', character: 'Captain Okoro' },
      { name: 'Anjali Rao', character: 'Dr. Mira Sen' },
      { name: 'Felix Brandt', character: 'The Voice' },
      { name: 'Hana Sato', character: 'Pilot Ishi' },
      { name: 'Marcus Lyle', character: 'Old Tom' },
    ],
    releaseInDays: -11,
    popularity: 8,
    tagline: 'The tide took the world. She kept the light.',
  },
  {
    slug: 'madurai-thunder',
    title: 'Madurai Thunder',
    synopsis:
      'A temple-town wrestler returns home to find his family’s mill seized by a ruthless contractor. What begins as a debt becomes a war that pulls the whole street into the ring.',
    runtimeMinutes: 164,
    certificate: 'UA 16+',
    genres: ['Action', 'Drama'],
    languages: ['Tamil', 'Telugu', 'Hindi', 'Malayalam'],
    formats: [TWO_D, IMAX, FOUR_DX],
    director: 'S. Senthil Kumar',
    cast: [
      { name: 'Arulmozhi Varman', character: 'Veera' },
      { name: 'Kavya Subramanian', character: 'Thenmozhi' },
      { name: 'Prakash Natarajan', character: 'Contractor Rajasekar' },
      { name: 'Lakshmi Devi', character: 'Paati' },
      { name: 'Karthik Raja', character: 'Kutty' },
    ],
    releaseInDays: -2,
    popularity: 9,
    tagline: 'When the town roars, the ring shakes.',
  },
  {
    slug: 'godavari-gold',
    title: 'Godavari Gold',
    synopsis:
      'Four old friends plan a heist on a bullion boat crossing the Godavari during the harvest festival. The river, and one another, have other plans.',
    runtimeMinutes: 147,
    certificate: 'UA 13+',
    genres: ['Crime', 'Comedy'],
    languages: ['Telugu', 'Hindi'],
    formats: [TWO_D, THREE_D],
    director: 'Ravi Teja Varma',
    cast: [
      { name: 'Sai Charan', character: 'Bujji' },
      { name: 'Nithya Reddy', character: 'Padma' },
      { name: 'Venkatesh Rao', character: 'Professor Subbu' },
      { name: 'Harsha Vardhan', character: 'Chitti' },
      { name: 'Gowri Prasad', character: 'Inspector Saraswati' },
    ],
    releaseInDays: -18,
    popularity: 6,
    tagline: 'The river keeps what it takes.',
  },
  {
    slug: 'backwater-blues',
    title: 'Backwater Blues',
    synopsis:
      'A jazz trumpeter who failed in Kochi comes back to his village to run his late uncle’s houseboat. A wedding party, a stubborn duck farmer and an old song slowly teach him to play again.',
    runtimeMinutes: 128,
    certificate: 'U',
    genres: ['Comedy', 'Drama', 'Music'],
    languages: ['Malayalam'],
    formats: [TWO_D],
    director: 'Anjana Thomas',
    cast: [
      { name: 'Joju Mathew', character: 'Sunny' },
      { name: 'Parvathy Menon', character: 'Annamma' },
      { name: 'Sreenath Pillai', character: 'Duck Varkey' },
      { name: 'Nimisha Kurian', character: 'Teena' },
    ],
    releaseInDays: -25,
    popularity: 4,
    tagline: 'Some songs only play on water.',
  },
  {
    slug: 'kaveri-nights',
    title: 'Kaveri Nights',
    synopsis:
      'A night-shift taxi driver in Bengaluru witnesses a murder on the Kaveri bridge and becomes the only person who can identify the killer. Protecting her means driving through a city that never quite sleeps.',
    runtimeMinutes: 141,
    certificate: 'UA 16+',
    genres: ['Crime', 'Thriller'],
    languages: ['Kannada', 'Tamil', 'Hindi'],
    formats: [TWO_D],
    director: 'Pradeep Gowda',
    cast: [
      { name: 'Rakshith Hegde', character: 'Manju' },
      { name: 'Shruthi Nayak', character: 'Dr. Asha' },
      { name: 'Dhananjay Shetty', character: 'ACP Kulkarni' },
      { name: 'Rangayana Murthy', character: 'Appaji' },
      { name: 'Sindhu Raj', character: 'Kaveri' },
    ],
    releaseInDays: -9,
    popularity: 6,
    tagline: 'The city sleeps. The witness cannot.',
  },
  {
    slug: 'chai-and-chemistry',
    title: 'Chai & Chemistry',
    synopsis:
      'A chemistry teacher who runs a tea stall on weekends and a food blogger who hates tea are forced to share a stall at a Delhi winter fair. Their rivalry turns sweet, then complicated.',
    runtimeMinutes: 126,
    certificate: 'UA 7+',
    genres: ['Romance', 'Comedy'],
    languages: ['Hindi'],
    formats: [TWO_D],
    director: 'Tanya Bhasin',
    cast: [
      { name: 'Aditya Khurana', character: 'Kartik Sharma' },
      { name: 'Ira Malhotra', character: 'Zoya Mirza' },
      { name: 'Deepak Saxena', character: 'Bittu' },
      { name: 'Neena Gill', character: 'Mrs. Sharma' },
    ],
    releaseInDays: -6,
    popularity: 7,
    tagline: 'Strong, sweet, and brewing trouble.',
  },
  {
    slug: 'pip-and-the-paper-moon',
    title: 'Pip and the Paper Moon',
    synopsis:
      'A paper bird folded by a lonely girl comes to life and flies off to fix the moon she drew crooked. Together with a grumpy kite and a firefly choir, Pip learns that imperfect things shine too.',
    runtimeMinutes: 98,
    certificate: 'U',
    genres: ['Animation', 'Family', 'Adventure'],
    languages: ['English', 'Hindi', 'Tamil', 'Telugu'],
    formats: [TWO_D, THREE_D],
    director: 'Noor Siddiqui',
    cast: [
      { name: 'Ayesha Kaur', character: 'Pip (voice)' },
      { name: 'Tom Hargreaves', character: 'Captain Kite (voice)' },
      { name: 'Riya Banerjee', character: 'Tara (voice)' },
      { name: 'Julian Osei', character: 'The Moon (voice)' },
    ],
    releaseInDays: -13,
    popularity: 6,
    tagline: 'Fold a wish. Watch it fly.',
  },
  {
    slug: 'haveli-no-13',
    title: 'Haveli No. 13',
    synopsis:
      'A restoration architect takes a job converting a crumbling Rajasthan haveli into a heritage hotel. Every room she repairs is rebuilt the next morning exactly as it was in 1913, with one more guest inside.',
    runtimeMinutes: 118,
    certificate: 'A',
    genres: ['Horror', 'Mystery'],
    languages: ['Hindi'],
    formats: [TWO_D],
    director: 'Vishal Rathore',
    cast: [
      { name: 'Tara Chauhan', character: 'Ananya Rathi' },
      { name: 'Manav Bedi', character: 'Kunwar Udai Singh' },
      { name: 'Geeta Bhardwaj', character: 'Dai Maa' },
      { name: 'Kunal Arora', character: 'Sameer' },
    ],
    releaseInDays: -32,
    popularity: 4,
    tagline: 'Some rooms do not want to be renovated.',
  },
  {
    slug: 'rann-the-iron-frontier',
    title: 'Rann: The Iron Frontier',
    synopsis:
      'In the salt desert of Kutch, a small border outpost holds out through a three-day storm against an enemy it cannot see. Based on the courage of ordinary soldiers, told on an epic scale.',
    runtimeMinutes: 171,
    certificate: 'UA 16+',
    genres: ['War', 'Action', 'Drama'],
    languages: ['Hindi', 'Tamil', 'Telugu', 'Kannada'],
    formats: [TWO_D, THREE_D, IMAX],
    director: 'Kabir Malhotra',
    cast: [
      { name: 'Arjun Rajput', character: 'Major Devendra Singh' },
      { name: 'Vikrant Sethi', character: 'Havildar Karim' },
      { name: 'Sunidhi Pathak', character: 'Captain Leela Rao' },
      { name: 'Omkar Jadhav', character: 'Sepoy Ganpat' },
      { name: 'Baldev Sandhu', character: 'Colonel Grewal' },
      { name: 'Meher Kapoor', character: 'Rukmini' },
    ],
    releaseInDays: 3,
    popularity: 10,
    tagline: 'Hold the line. Hold the night.',
  },
  {
    slug: 'starfall-academy',
    title: 'Starfall Academy',
    synopsis:
      'At a floating school for children who can catch falling stars, the worst student in class accidentally catches the last one. Now every sky-pirate in the galaxy is coming for her homework.',
    runtimeMinutes: 124,
    certificate: 'UA 7+',
    genres: ['Fantasy', 'Adventure', 'Family'],
    languages: ['English', 'Hindi'],
    formats: [TWO_D, THREE_D, IMAX, FOUR_DX],
    director: 'Oliver Crane',
    cast: [
      { name: 'Maisie Holloway', character: 'Juniper Vale' },
      { name: 'Dev Khanna', character: 'Arlo Mistry' },
      { name: 'Rosa Delgado', character: 'Headmistress Quill' },
      { name: 'Gideon Park', character: 'Captain Cinder' },
      { name: 'Ella Fontaine', character: 'Nova' },
    ],
    releaseInDays: 9,
    popularity: 8,
    tagline: 'Catch a star. Keep it secret.',
  },
  {
    slug: 'ammachis-kitchen',
    title: "Ammachi's Kitchen",
    synopsis:
      'Three estranged siblings return to their grandmother’s home in Kottayam to sell it, only to find she has entered them in a televised cooking contest. To win, they must cook her recipes together.',
    runtimeMinutes: 133,
    certificate: 'U',
    genres: ['Family', 'Comedy', 'Drama'],
    languages: ['Malayalam', 'Tamil'],
    formats: [TWO_D],
    director: 'Anjana Thomas',
    cast: [
      { name: 'Sheela Varghese', character: 'Ammachi' },
      { name: 'Joju Mathew', character: 'Babu' },
      { name: 'Aparna Nair', character: 'Leena' },
      { name: 'Basil Jacob', character: 'Tony' },
    ],
    releaseInDays: 18,
    popularity: 5,
    tagline: 'Family recipes come with family.',
  },
];
