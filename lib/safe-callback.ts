/**
 * Where to go after signing in or up: only a same-site path. An open redirect would let a
 * phishing link bounce through us ("//evil.example" is another site, so is "/\evil.example" to
 * some browsers).
 */
export function safeCallback(url: string | undefined | null): string {
  return url?.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') ? url : '/';
}

/** `path` with `?callbackUrl=` when there is somewhere to return to. */
export function withCallback(path: string, callbackUrl: string): string {
  return callbackUrl === '/' ? path : `${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`;
}
