package io.patio.autoconfigure.metrics;

import java.util.List;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * W3C {@code traceparent} propagation for micrometer-tracing's {@code SimpleTracer},
 * which ships no propagator of its own. Real applications get Brave's or OpenTelemetry's.
 */
class W3cTestPropagator implements Propagator {

	static final String TRACEPARENT = "traceparent";

	private final Tracer tracer;

	W3cTestPropagator(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public List<String> fields() {
		return List.of(TRACEPARENT);
	}

	@Override
	public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
		setter.set(carrier, TRACEPARENT, "00-" + context.traceId() + "-" + context.spanId() + "-01");
	}

	@Override
	public <C> Span.Builder extract(C carrier, Getter<C> getter) {
		String header = getter.get(carrier, TRACEPARENT);
		if (header == null) {
			return this.tracer.spanBuilder();
		}
		String[] parts = header.split("-");
		TraceContext parent = this.tracer.traceContextBuilder()
			.traceId(parts[1])
			.spanId(parts[2])
			.sampled(true)
			.build();
		return this.tracer.spanBuilder().setParent(parent);
	}

}
