package io.patio.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.patio.autoconfigure.ObservedTasks;
import io.patio.autoconfigure.PatioAutoConfiguration;
import io.patio.broker.PatioBroker;
import io.patio.executor.ExecutionInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The caller's trace reaches the worker through the call's headers. */
class PatioTracePropagationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PatioAutoConfiguration.class, PatioObservationAutoConfiguration.class))
		.withUserConfiguration(ObservedTasks.ObservedTasksConfiguration.class, TracingConfiguration.class);

	@Test
	void workerSpanContinuesTheCallersTraceFromTheTraceparentHeader() {
		this.runner.run((context) -> {
			PatioBroker broker = context.getBean(PatioBroker.class);
			SimpleTracer tracer = context.getBean(SimpleTracer.class);
			assertThat(broker.call("mul", Integer.class, 6, 7).get(5, TimeUnit.SECONDS)).isEqualTo(42);
			await().atMost(Duration.ofSeconds(5)).until(() -> tracer.getSpans().size() == 2);
			SimpleSpan caller = span(tracer, Span.Kind.CLIENT);
			SimpleSpan worker = span(tracer, Span.Kind.SERVER);
			assertThat(caller.getName()).isEqualTo("call mul");
			assertThat(worker.getName()).isEqualTo("execute mul");
			assertThat(worker.getTraceId()).isEqualTo(caller.getTraceId());
			assertThat(worker.getParentId()).isEqualTo(caller.getSpanId());
			assertThat(worker.getTags()).containsEntry("task", "mul")
				.containsEntry("role", "worker")
				.containsEntry("outcome", "success");
			List<Map<String, String>> headers = context.getBean(HeaderCapture.class).headers;
			assertThat(headers).singleElement()
				.satisfies((seen) -> assertThat(seen.get("traceparent"))
					.isEqualTo("00-" + caller.getTraceId() + "-" + caller.getSpanId() + "-01"));
		});
	}

	private static SimpleSpan span(SimpleTracer tracer, Span.Kind kind) {
		return tracer.getSpans().stream().filter((span) -> span.getKind() == kind).findFirst().orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	@Import(TracingTestConfiguration.class)
	static class TracingConfiguration {

		@Bean
		SimpleTracer simpleTracer() {
			return new SimpleTracer();
		}

		@Bean
		HeaderCapture headerCapture() {
			return new HeaderCapture();
		}

	}

	/** Records the headers the worker receives, after the observing interceptor. */
	static class HeaderCapture implements ExecutionInterceptor {

		final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();

		@Override
		public java.util.concurrent.CompletableFuture<Object> intercept(io.patio.call.CallRequest request,
				io.patio.executor.PatioExecutor executor,
				java.util.function.Function<io.patio.call.CallRequest, java.util.concurrent.CompletableFuture<Object>> next) {
			this.headers.add(Map.copyOf(request.headers()));
			return next.apply(request);
		}

	}

}
