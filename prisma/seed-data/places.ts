import type { ScreenTemplateKey } from './screens';

export type CitySeed = {
  slug: string;
  name: string;
  state: string;
  latitude: number;
  longitude: number;
  /** Relative taste for each language, used to weight which films and dubs a city gets. */
  languageWeights: Record<string, number>;
};

export type CinemaSeed = {
  citySlug: string;
  slug: string;
  name: string;
  addressLine: string;
  locality: string;
  postalCode: string;
  latitude: number;
  longitude: number;
  phone: string;
  amenities: string[];
  bookingFeeMinor: number;
  cancellationCutoffMins: number;
  /** Demo GST registration (a made-up PAN with a valid check character), one per state. */
  gstin: string;
  legalName: string;
  /** Starts each invoice number: BOM1/2627/00042. */
  invoicePrefix: string;
  screens: { name: string; template: ScreenTemplateKey }[];
};

export const CITIES: CitySeed[] = [
  {
    slug: 'mumbai',
    name: 'Mumbai',
    state: 'Maharashtra',
    latitude: 19.076,
    longitude: 72.8777,
    languageWeights: { Hindi: 5, English: 3, Tamil: 1, Telugu: 1, Malayalam: 1, Kannada: 0.5 },
  },
  {
    slug: 'bengaluru',
    name: 'Bengaluru',
    state: 'Karnataka',
    latitude: 12.9716,
    longitude: 77.5946,
    languageWeights: { Kannada: 6, English: 3, Tamil: 3, Telugu: 3, Hindi: 2, Malayalam: 2 },
  },
  {
    slug: 'delhi',
    name: 'Delhi',
    state: 'Delhi',
    latitude: 28.6139,
    longitude: 77.209,
    languageWeights: { Hindi: 5, English: 3, Tamil: 0.7, Telugu: 0.7, Malayalam: 0.7, Kannada: 0.4 },
  },
];

// One made-up company runs every demo cinema, registered for GST once per state.
const DEMO_LEGAL_NAME = 'Marquee Cinemas Private Limited';
const DEMO_GSTIN = { MH: '27AABCM4821K1ZF', KA: '29AABCM4821K1ZB', DL: '07AABCM4821K1ZH' } as const;

// The first Mumbai cinema is where the demo staff and manager accounts work, and the one the
// MUMBAI50 promo code is scoped to.
export const CINEMAS: CinemaSeed[] = [
  {
    citySlug: 'mumbai',
    slug: 'marquee-mill-compound-lower-parel',
    name: 'Marquee Mill Compound',
    addressLine: '3rd Floor, Textile Mill Compound, Senapati Bapat Marg',
    locality: 'Lower Parel',
    postalCode: '400013',
    latitude: 18.9953,
    longitude: 72.8263,
    phone: '+91 22 4910 2200',
    amenities: ['IMAX', 'Recliners', 'Wheelchair access', 'Food court', 'Valet parking', 'M-ticket'],
    bookingFeeMinor: 3500,
    cancellationCutoffMins: 120,
    gstin: DEMO_GSTIN.MH,
    legalName: DEMO_LEGAL_NAME,
    invoicePrefix: 'BOM1',
    screens: [
      { name: 'Audi 1', template: 'grand' },
      { name: 'IMAX', template: 'imax' },
      { name: 'Audi 3', template: 'boutique' },
      { name: 'Gold Lounge', template: 'lounge' },
    ],
  },
  {
    citySlug: 'mumbai',
    slug: 'marquee-link-square-andheri',
    name: 'Marquee Link Square',
    addressLine: '2nd Floor, Link Square Mall, New Link Road',
    locality: 'Andheri West',
    postalCode: '400053',
    latitude: 19.1382,
    longitude: 72.8336,
    phone: '+91 22 4055 7800',
    amenities: ['Dolby Atmos', 'Wheelchair access', 'Cafe', 'Parking', 'M-ticket'],
    bookingFeeMinor: 3000,
    cancellationCutoffMins: 120,
    gstin: DEMO_GSTIN.MH,
    legalName: DEMO_LEGAL_NAME,
    invoicePrefix: 'BOM2',
    screens: [
      { name: 'Screen 1', template: 'classic' },
      { name: 'Screen 2', template: 'grand' },
      { name: 'Screen 3', template: 'studio' },
    ],
  },
  {
    citySlug: 'bengaluru',
    slug: 'marquee-koramangala',
    name: 'Marquee Koramangala',
    addressLine: 'No. 42, 80 Feet Road, 4th Block',
    locality: 'Koramangala',
    postalCode: '560034',
    latitude: 12.9348,
    longitude: 77.6262,
    phone: '+91 80 4718 3300',
    amenities: ['IMAX', 'Recliners', 'Wheelchair access', 'Craft coffee bar', 'Two-wheeler parking'],
    bookingFeeMinor: 4000,
    cancellationCutoffMins: 180,
    gstin: DEMO_GSTIN.KA,
    legalName: DEMO_LEGAL_NAME,
    invoicePrefix: 'BLR1',
    screens: [
      { name: 'IMAX', template: 'imax' },
      { name: 'Audi 2', template: 'classic' },
      { name: 'Platinum Lounge', template: 'lounge' },
    ],
  },
  {
    citySlug: 'bengaluru',
    slug: 'marquee-whitefield',
    name: 'Marquee Whitefield',
    addressLine: 'Level 3, Palm Grove Mall, ITPL Main Road',
    locality: 'Whitefield',
    postalCode: '560066',
    latitude: 12.9784,
    longitude: 77.7267,
    phone: '+91 80 4120 9900',
    amenities: ['4DX', 'Dolby Atmos', 'Wheelchair access', 'Food court', 'Parking'],
    bookingFeeMinor: 2500,
    cancellationCutoffMins: 120,
    gstin: DEMO_GSTIN.KA,
    legalName: DEMO_LEGAL_NAME,
    invoicePrefix: 'BLR2',
    screens: [
      { name: 'Audi 1', template: 'grand' },
      { name: '4DX', template: 'motion' },
    ],
  },
  {
    citySlug: 'delhi',
    slug: 'marquee-saket',
    name: 'Marquee Saket',
    addressLine: 'A-4, District Centre, Press Enclave Marg',
    locality: 'Saket',
    postalCode: '110017',
    latitude: 28.5286,
    longitude: 77.2193,
    phone: '+91 11 4605 1200',
    amenities: ['Recliners', 'Dolby Atmos', 'Wheelchair access', 'Gourmet kitchen', 'Valet parking'],
    bookingFeeMinor: 3500,
    cancellationCutoffMins: 120,
    gstin: DEMO_GSTIN.DL,
    legalName: DEMO_LEGAL_NAME,
    invoicePrefix: 'DEL1',
    screens: [
      { name: 'Audi 1', template: 'grand' },
      { name: 'Audi 2', template: 'boutique' },
      { name: 'Director’s Lounge', template: 'lounge' },
    ],
  },
  {
    citySlug: 'delhi',
    slug: 'marquee-regal-arcade-connaught-place',
    name: 'Marquee Regal Arcade',
    addressLine: 'Block F, Outer Circle, Regal Arcade',
    locality: 'Connaught Place',
    postalCode: '110001',
    latitude: 28.6298,
    longitude: 77.2167,
    phone: '+91 11 4350 6600',
    amenities: ['IMAX', 'Wheelchair access', 'Heritage foyer', 'Cafe', 'Metro nearby'],
    bookingFeeMinor: 2800,
    cancellationCutoffMins: 90,
    gstin: DEMO_GSTIN.DL,
    legalName: DEMO_LEGAL_NAME,
    invoicePrefix: 'DEL2',
    screens: [
      { name: 'IMAX', template: 'imax' },
      { name: 'Screen 2', template: 'classic' },
      { name: 'Screen 3', template: 'studio' },
    ],
  },
];
