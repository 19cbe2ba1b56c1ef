// Generates propagation headers with the official OpenTelemetry JS propagators and prints them as JSON:
//   node generate.js <tracecontext|b3|b3multi> [sampled=1|0|d] [baggage=k=v,...]
// "d" is B3 debug, set through the B3 propagator's debug context key (sampled as well).
'use strict';
const crypto = require('node:crypto');
const api = require('@opentelemetry/api');
const core = require('@opentelemetry/core');
const { B3Propagator, B3InjectEncoding } = require('@opentelemetry/propagator-b3');

const [format = 'tracecontext', sampled = '1', baggageArg = ''] = process.argv.slice(2);
const propagators = {
  tracecontext: new core.W3CTraceContextPropagator(),
  b3: new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER }),
  b3multi: new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
};
const propagator = propagators[format];
// The key the B3 propagator keeps debug under (not exported; context keys are Symbol.for(description)).
const B3_DEBUG_FLAG_KEY = api.createContextKey('OpenTelemetry Context Key B3 Debug Flag');
if (!propagator) {
  console.error(`unknown format ${format}`);
  process.exit(2);
}

const spanContext = {
  traceId: crypto.randomBytes(16).toString('hex'),
  spanId: crypto.randomBytes(8).toString('hex'),
  traceFlags: sampled === '0' ? api.TraceFlags.NONE : api.TraceFlags.SAMPLED,
  isRemote: false,
};
let ctx = api.trace.setSpanContext(api.ROOT_CONTEXT, spanContext);
if (sampled === 'd') {
  // The single-header propagator writes the key's value as the sampling state, the multi-header one wants '1'.
  ctx = ctx.setValue(B3_DEBUG_FLAG_KEY, format === 'b3' ? 'd' : '1');
}
const headers = {};
propagator.inject(ctx, headers, api.defaultTextMapSetter);

if (baggageArg) {
  const entries = {};
  for (const pair of baggageArg.split(',')) {
    const [key, ...value] = pair.split('=');
    entries[key] = { value: value.join('=') };
  }
  ctx = api.propagation.setBaggage(ctx, api.propagation.createBaggage(entries));
  new core.W3CBaggagePropagator().inject(ctx, headers, api.defaultTextMapSetter);
}

process.stdout.write(JSON.stringify({ traceId: spanContext.traceId, spanId: spanContext.spanId, headers }));
