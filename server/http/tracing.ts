import { randomBytes } from 'node:crypto';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type IdGenerator, TracerProvider } from '@opentelemetry/sdk-trace';
import type { RequestEnd } from '@/server/http/request-log';
import { log } from '@/server/log';

// OpenTelemetry tracing, imported only when OTEL_EXPORTER_OTLP_ENDPOINT is set (tracing-option.ts):
// unset, none of these packages is even loaded. One SERVER span per request the custom server
// answers, written when the response ends, with the ids the request already has
// (server/http/request-id.ts): the caller's trace id and parent span from its traceparent, and as
// its own span id the one the response's traceparent named, so a trace, a log line
// (`traceId`) and a client's record of the response all agree. The exporter is OTLP over HTTP
// with JSON bodies, configured by the standard OTEL_* variables (endpoint, headers, timeout,
// OTEL_BSP_* batching, OTEL_SERVICE_NAME). The provider is not registered globally: Next.js
// would then trace its own internals through the same API, which nobody asked for.

export type Tracing = { onEnd: (end: RequestEnd) => void; stop: () => Promise<void> };

export function startTracing(): Tracing {
  // The ids of the span about to start, handed to the SDK through its id generator (startSpan
  // calls it synchronously), so the span carries the ids the request was given.
  let next: { traceId: string; spanId: string } | undefined;
  const idGenerator: IdGenerator = {
    generateTraceId: () => next?.traceId ?? randomBytes(16).toString('hex'),
    generateSpanId: () => next?.spanId ?? randomBytes(8).toString('hex'),
  };
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? 'marquee' }),
    idGenerator,
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  });
  const tracer = provider.getTracer('marquee');
  log.info('tracing on: spans go to the OTLP endpoint', { protocol: 'http/json' });

  return {
    onEnd: ({ identity, method, route, status, ms }) => {
      const { trace: tc, spanId, requestId } = identity;
      const parent = tc.parentSpanId
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: tc.traceId,
            spanId: tc.parentSpanId,
            traceFlags: Number.parseInt(tc.flags, 16),
            isRemote: true,
          })
        : ROOT_CONTEXT;
      const end = Date.now();
      next = { traceId: tc.traceId, spanId };
      let span: ReturnType<typeof tracer.startSpan>;
      try {
        span = tracer.startSpan(
          `${method} ${route}`,
          {
            kind: SpanKind.SERVER,
            startTime: end - ms,
            attributes: {
              'http.request.method': method,
              'http.route': route,
              'http.response.status_code': status,
              'marquee.request_id': requestId,
            },
          },
          parent,
        );
      } finally {
        next = undefined;
      }
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(end);
    },
    stop: () => provider.shutdown(),
  };
}
