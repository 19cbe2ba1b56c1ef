// Reads headers (a JSON object, name -> value) from stdin and prints what the official OpenTelemetry JS
// propagators extract from them: { tracecontext, b3, baggage }, each null when nothing valid was found. b3 also has
// debug: the B3 propagator's debug context value ('d' from the single header, '1' from X-B3-Flags), or null.
'use strict';
const api = require('@opentelemetry/api');
const core = require('@opentelemetry/core');
const { B3Propagator } = require('@opentelemetry/propagator-b3');

// The key the B3 propagator keeps debug under (not exported; context keys are Symbol.for(description)).
const B3_DEBUG_FLAG_KEY = api.createContextKey('OpenTelemetry Context Key B3 Debug Flag');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const raw = JSON.parse(input);
  const headers = {};
  for (const [name, value] of Object.entries(raw)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }

  const read = (propagator) => {
    const ctx = propagator.extract(api.ROOT_CONTEXT, headers, api.defaultTextMapGetter);
    const span = api.trace.getSpanContext(ctx);
    return span && api.isSpanContextValid(span)
      ? {
        traceId: span.traceId,
        spanId: span.spanId,
        traceFlags: span.traceFlags,
        traceState: span.traceState ? span.traceState.serialize() : null,
        debug: ctx.getValue(B3_DEBUG_FLAG_KEY) ?? null,
      }
      : null;
  };

  const baggage = api.propagation.getBaggage(new core.W3CBaggagePropagator().extract(api.ROOT_CONTEXT, headers, api.defaultTextMapGetter));
  const entries = {};
  for (const [key, entry] of baggage ? baggage.getAllEntries() : []) {
    entries[key] = entry.value;
  }

  process.stdout.write(JSON.stringify({
    tracecontext: read(new core.W3CTraceContextPropagator()),
    b3: read(new B3Propagator()),
    baggage: entries,
  }));
});
