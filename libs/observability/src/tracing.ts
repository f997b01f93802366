/**
 * OpenTelemetry tracing: HTTP server spans (the Node SDK's HTTP instrumentation), then the Temporal
 * client, workflow and activity spans (@temporalio/interceptors-opentelemetry), one trace per request.
 * Exported by OTLP/HTTP when the standard OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT variable is set; off
 * otherwise (the OpenTelemetry API then costs nothing). Tests pass an in-memory exporter.
 */
import * as http from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { isWrapped, registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  readonly provider: NodeTracerProvider;
  readonly spanProcessor: SpanProcessor;
  readonly resource: Resource;
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** Whether the environment asks for OTLP export (the standard variables). */
export function otlpConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim() === 'true' || env.OTEL_TRACES_EXPORTER?.trim() === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/** Whether this process started tracing (startTracing returned a Tracing). */
export function tracingActive(): boolean {
  return active !== undefined;
}

/** Paths not worth a trace: scrapes and probes. */
const UNTRACED = /^\/(metrics|health)(\/|\?|$)/;

/**
 * Starts tracing for this process, once (later calls return the first). Returns undefined when
 * tracing is off. `exporter` replaces OTLP (tests); it is flushed span by span.
 */
export function startTracing(
  serviceName: string,
  options: { readonly exporter?: SpanExporter } = {},
): Tracing | undefined {
  if (active) return active;
  const exporter = options.exporter ?? (otlpConfigured() ? new OTLPTraceExporter() : undefined);
  if (exporter === undefined) return undefined;
  const resource = Resource.default().merge(
    new Resource({ 'service.name': process.env.OTEL_SERVICE_NAME?.trim() || serviceName }),
  );
  const spanProcessor = options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const httpInstrumentation = new HttpInstrumentation({
    ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? ''),
    // Only the server side: outgoing calls (webhooks, S3) are not part of these traces.
    disableOutgoingRequestInstrumentation: true,
    // Name server spans by the route template Express matched: `POST /v1/applications/:id/decisions`.
    applyCustomAttributesOnSpan: (span, req) => {
      const { route, baseUrl, method } = req as { route?: { path?: unknown }; baseUrl?: string; method?: string };
      if (typeof route?.path !== 'string') return;
      const template = `${baseUrl ?? ''}${route.path}`;
      span.setAttribute('http.route', template);
      span.updateName(`${method ?? 'GET'} ${template}`);
    },
  });
  registerInstrumentations({ tracerProvider: provider, instrumentations: [httpInstrumentation] });
  // The instrumentation patches `http` when Node's loader next loads it, which may never happen once
  // the app's modules are loaded (or under Jest's loader): patch the loaded module now. Servers share
  // http.Server.prototype, so every server, created before or after, is traced.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only inspected, never called
  if (!isWrapped(http.Server.prototype.emit)) {
    for (const definition of httpInstrumentation.getModuleDefinitions()) {
      if (definition.name === 'http') definition.patch?.(http);
    }
  }
  active = {
    provider,
    spanProcessor,
    resource,
    shutdown: async () => {
      await provider.shutdown();
      active = undefined;
    },
  };
  return active;
}

/** The tracing started in this process, if any. */
export const activeTracing = (): Tracing | undefined => active;

/** Where workflow spans go: the process's span processor, or nowhere when tracing is off. */
export const workflowSpanProcessor = (): SpanProcessor => active?.spanProcessor ?? new NoopSpanProcessor();
export const tracingResource = (): Resource => active?.resource ?? Resource.default();
