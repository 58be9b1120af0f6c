import { env } from '@/server/env';
import type { Tracing } from '@/server/http/tracing';

/**
 * Tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set, else undefined without loading OpenTelemetry
 * at all (no start-up or per-request cost when it is off). The custom server's own code, never
 * Next's bundle, imports it.
 */
export async function optionalTracing(): Promise<Tracing | undefined> {
  if (!env().OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const { startTracing } = await import('@/server/http/tracing');
  return startTracing();
}
