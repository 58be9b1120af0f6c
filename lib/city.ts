/** Cookie remembering the moviegoer's city (a slug); not personal data, readable by the client. */
export const CITY_COOKIE = 'marquee_city';
