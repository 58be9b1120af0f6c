// A small offline gazetteer: well-known localities of the cities Marquee serves, so "cinemas
// near Bandra" works without a geocoding service (the server has no network). Coordinates are
// the localities' approximate centres. Cities and cinema localities in the database are matched
// too (server/catalog/resolve-place.ts).

export type Place = {
  name: string;
  citySlug: string;
  latitude: number;
  longitude: number;
  /** Other spellings people type. */
  aliases?: readonly string[];
};

export const PLACES: readonly Place[] = [
  // Mumbai
  { name: 'Andheri', citySlug: 'mumbai', latitude: 19.1197, longitude: 72.8468, aliases: ['Andheri West'] },
  { name: 'Bandra', citySlug: 'mumbai', latitude: 19.0596, longitude: 72.8295, aliases: ['Bandra West'] },
  { name: 'Lower Parel', citySlug: 'mumbai', latitude: 18.9986, longitude: 72.8302 },
  { name: 'Colaba', citySlug: 'mumbai', latitude: 18.9067, longitude: 72.8147 },
  { name: 'Dadar', citySlug: 'mumbai', latitude: 19.0178, longitude: 72.8478 },
  { name: 'Juhu', citySlug: 'mumbai', latitude: 19.1075, longitude: 72.8263 },
  { name: 'Powai', citySlug: 'mumbai', latitude: 19.1176, longitude: 72.906 },
  { name: 'Goregaon', citySlug: 'mumbai', latitude: 19.1663, longitude: 72.8526 },
  { name: 'Borivali', citySlug: 'mumbai', latitude: 19.2307, longitude: 72.8567 },
  { name: 'Chembur', citySlug: 'mumbai', latitude: 19.0522, longitude: 72.9005 },
  { name: 'Worli', citySlug: 'mumbai', latitude: 19.0176, longitude: 72.8162 },
  { name: 'Thane', citySlug: 'mumbai', latitude: 19.2183, longitude: 72.9781 },
  // Bengaluru
  { name: 'Koramangala', citySlug: 'bengaluru', latitude: 12.9352, longitude: 77.6245 },
  {
    name: 'Indiranagar',
    citySlug: 'bengaluru',
    latitude: 12.9784,
    longitude: 77.6408,
    aliases: ['Indira Nagar'],
  },
  { name: 'Whitefield', citySlug: 'bengaluru', latitude: 12.9698, longitude: 77.75 },
  { name: 'Jayanagar', citySlug: 'bengaluru', latitude: 12.925, longitude: 77.5938 },
  { name: 'HSR Layout', citySlug: 'bengaluru', latitude: 12.9116, longitude: 77.6389, aliases: ['HSR'] },
  { name: 'Malleshwaram', citySlug: 'bengaluru', latitude: 13.0035, longitude: 77.571 },
  {
    name: 'MG Road',
    citySlug: 'bengaluru',
    latitude: 12.9756,
    longitude: 77.6066,
    aliases: ['Mahatma Gandhi Road'],
  },
  { name: 'Electronic City', citySlug: 'bengaluru', latitude: 12.8452, longitude: 77.6602 },
  { name: 'Hebbal', citySlug: 'bengaluru', latitude: 13.0358, longitude: 77.597 },
  { name: 'Marathahalli', citySlug: 'bengaluru', latitude: 12.9569, longitude: 77.7011 },
  { name: 'JP Nagar', citySlug: 'bengaluru', latitude: 12.9063, longitude: 77.5857 },
  // Delhi
  { name: 'Connaught Place', citySlug: 'delhi', latitude: 28.6315, longitude: 77.2167, aliases: ['CP'] },
  { name: 'Saket', citySlug: 'delhi', latitude: 28.5245, longitude: 77.2066 },
  { name: 'Dwarka', citySlug: 'delhi', latitude: 28.5921, longitude: 77.046 },
  { name: 'Karol Bagh', citySlug: 'delhi', latitude: 28.6519, longitude: 77.1909 },
  { name: 'Lajpat Nagar', citySlug: 'delhi', latitude: 28.5677, longitude: 77.2433 },
  { name: 'Rajouri Garden', citySlug: 'delhi', latitude: 28.6415, longitude: 77.1209 },
  { name: 'Vasant Kunj', citySlug: 'delhi', latitude: 28.5293, longitude: 77.1527 },
  { name: 'Hauz Khas', citySlug: 'delhi', latitude: 28.5494, longitude: 77.2001 },
  { name: 'Chandni Chowk', citySlug: 'delhi', latitude: 28.6506, longitude: 77.2303 },
  { name: 'Nehru Place', citySlug: 'delhi', latitude: 28.5491, longitude: 77.2533 },
  { name: 'Rohini', citySlug: 'delhi', latitude: 28.7495, longitude: 77.0565 },
];

/** Case, accents, punctuation and spacing ignored: "lower-parel " matches "Lower Parel". */
export function placeKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
