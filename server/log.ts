import { AsyncLocalStorage } from 'node:async_hooks';
import { singleton } from '@/server/singleton';

// Structured JSON logs, one object per line. Request-scoped fields (request id, user id) come
// from the AsyncLocalStorage context so every line of a request can be found by its id.

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogContext = { requestId?: string; traceId?: string; userId?: string; ip?: string };

// One store per process even when Next's bundle and the custom server each load this module.
const store = singleton('log-context', () => ({ context: new AsyncLocalStorage<LogContext>() }));

export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return store.context.run({ ...store.context.getStore(), ...ctx }, fn);
}

export function logContext(): LogContext | undefined {
  return store.context.getStore();
}

// Keys whose values must never reach a log line, whatever object they hide in.
const SECRET_KEY =
  /pass(word)?|secret|token|authorization|cookie|card(number)?$|^cvc$|^cvv$|otp|^code$|recoverycode|hash|api[-_]?key/i;

// user:password@ inside any URL-looking string (a connection string in an error message).
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi;

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(URL_CREDENTIALS, '$1[redacted]@');
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[depth]';
  if (value instanceof Error) {
    return { name: value.name, message: redact(value.message), code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

function threshold(): number {
  const lvl = (process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info')) as
    | Level
    | 'silent';
  return order[lvl] ?? order.info;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (order[level] < threshold()) return;
  const line = {
    time: new Date().toISOString(),
    level,
    msg: redact(msg),
    ...store.context.getStore(),
    ...(fields ? (redact(fields) as Record<string, unknown>) : {}),
  };
  const text = `${JSON.stringify(line)}\n`;
  if (level === 'error' || level === 'warn') process.stderr.write(text);
  else process.stdout.write(text);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
