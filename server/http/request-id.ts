import { randomBytes, randomUUID } from 'node:crypto';

// Who a request is, for logs, audit rows, mail headers and traces: the caller's X-Request-Id when
// it is a sane token (a proxy or a client that already logged it), and the W3C trace context of
// its `traceparent` when that is well formed. Either is generated when missing or unusable, so a
// request always has both. The id is a correlation handle, not a claim: nothing trusts it.

/**
 * RFC 9110 token characters, at most 128: safe to echo in a header and to write in a log line
 * (no spaces, quotes, commas or control characters), and long enough for any id format in use
 * (UUIDs, ULIDs, AWS `Root=1-…` trace ids are 40).
 */
const REQUEST_ID = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/;

/**
 * traceparent (W3C Trace Context, level 1): version-traceid-parentid-flags in lowercase hex.
 * Version ff is invalid; a later version may append fields after a dash, version 00 may not.
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

export type TraceContext = {
  /** 32 lowercase hex characters, never all zeros. */
  traceId: string;
  /** The caller's span (16 hex), absent when the trace starts here. */
  parentSpanId?: string;
  /** Two hex characters; 01 = sampled. */
  flags: string;
};

export type RequestIdentity = {
  requestId: string;
  /** Whether requestId is the caller's (false: generated here). */
  requestIdFromClient: boolean;
  trace: TraceContext;
  /** This server's span in the trace (16 hex): what the response's traceparent names. */
  spanId: string;
};

export function validRequestId(value: string | undefined): string | undefined {
  return value !== undefined && REQUEST_ID.test(value) ? value : undefined;
}

export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const m = value === undefined ? null : TRACEPARENT.exec(value.trim());
  if (!m) return undefined;
  const [, version, traceId, parentSpanId, flags, rest] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
  ];
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentSpanId)) return undefined;
  return { traceId, parentSpanId, flags };
}

export function newSpanId(): string {
  return randomBytes(8).toString('hex');
}

function single(value: string | string[] | undefined): string | undefined {
  // Two X-Request-Id headers: neither is believed over the other.
  return Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
}

export function requestIdentity(headers: Record<string, string | string[] | undefined>): RequestIdentity {
  const given = validRequestId(single(headers['x-request-id']));
  const trace = parseTraceparent(single(headers.traceparent)) ?? {
    traceId: randomBytes(16).toString('hex'),
    flags: '01',
  };
  return {
    requestId: given ?? randomUUID(),
    requestIdFromClient: given !== undefined,
    trace,
    spanId: newSpanId(),
  };
}

/** The traceparent naming this server's span, for the response and for calls made downstream. */
export function traceparentOf(identity: Pick<RequestIdentity, 'trace' | 'spanId'>): string {
  return `00-${identity.trace.traceId}-${identity.spanId}-${identity.trace.flags}`;
}
