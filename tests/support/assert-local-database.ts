// Tests create and drop databases: refuse anything that is not on this machine, so a stray
// TEST_DATABASE_URL can never point them at a shared or production server.
export function assertLocalDatabase(url: string): void {
  const host = new URL(url).hostname;
  if (
    !['localhost', '127.0.0.1', '::1', '[::1]'].includes(host) &&
    process.env.MARQUEE_ALLOW_REMOTE_TEST_DB !== '1'
  ) {
    throw new Error(
      `Refusing to run tests against ${host}: TEST_DATABASE_URL must be local (set MARQUEE_ALLOW_REMOTE_TEST_DB=1 to override).`,
    );
  }
}
