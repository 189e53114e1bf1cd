package io.patio.broker;

import io.patio.call.Call;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.patio.MathTasks;
import io.patio.call.CallRequest;
import io.patio.executor.ExecutionInterceptor;
import io.patio.executor.ThreadPoolPatioExecutor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hooks that let observation and tracing wrap calls without patio-core knowing them.
 */
class InterceptorTest {

	private final Registry registry = new Registry();

	private final ThreadPoolPatioExecutor executor;

	private final MemoryBroker broker;

	InterceptorTest() {
		this.registry.register("pow", new MathTasks(), "pow");
		this.executor = new ThreadPoolPatioExecutor(this.registry, 2);
		this.broker = new MemoryBroker(this.executor);
	}

	@AfterEach
	void close() {
		this.broker.close();
		this.executor.close();
	}

	@Test
	void headersAddedByTheCallInterceptorReachTheExecutionInterceptor() throws Exception {
		List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
		this.broker.setCallInterceptor((request, broker, next) -> {
			Map<String, String> headers = new LinkedHashMap<>(request.headers());
			headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
			return next.apply(request.withHeaders(headers));
		});
		this.executor.setExecutionInterceptor((request, executor, next) -> {
			seen.add(request.headers());
			return next.apply(request);
		});
		this.broker.start();
		Integer result = this.broker.call(Call.of("pow", Integer.class).args(2, 10).header("tenant", "a"))
			.get(5, TimeUnit.SECONDS);
		assertThat(result).isEqualTo(1024);
		assertThat(seen).singleElement()
			.isEqualTo(Map.of("tenant", "a", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
	}

	@Test
	void interceptorsSeeTheBrokerAndExecutorAndTheResultPassesThrough() throws Exception {
		List<String> seen = new ArrayList<>();
		this.broker.setCallInterceptor((request, broker, next) -> {
			seen.add("call " + request.task() + " via " + broker.getType());
			return next.apply(request).thenApply((result) -> {
				seen.add("result " + result);
				return result;
			});
		});
		this.broker.start();
		assertThat(this.broker.call("pow", Integer.class, 3, 2).get(5, TimeUnit.SECONDS)).isEqualTo(9);
		assertThat(seen).containsExactly("call pow via memory", "result 9");
	}

	@Test
	void chainRunsTheFirstInterceptorOutermost() throws Exception {
		List<String> order = new CopyOnWriteArrayList<>();
		ExecutionInterceptor outer = (request, executor, next) -> {
			order.add("outer");
			return next.apply(request);
		};
		ExecutionInterceptor inner = (request, executor, next) -> {
			order.add("inner");
			return next.apply(request);
		};
		this.executor.setExecutionInterceptor(ExecutionInterceptor.chain(List.of(outer, inner)));
		this.broker.start();
		this.broker.call("pow", Integer.class, 2, 2).get(5, TimeUnit.SECONDS);
		assertThat(order).containsExactly("outer", "inner");
		assertThat(CallInterceptor.chain(List.of())).isNull();
	}

	@Test
	void withHeadersKeepsTheDeadline() {
		CallRequest request = CallRequest.of("pow", new Object[] { 1, 2 }, Map.of(), java.time.Duration.ofSeconds(5),
				Map.of());
		CallRequest copy = request.withHeaders(Map.of("a", "b"));
		assertThat(copy.deadline()).isEqualTo(request.deadline());
		assertThat(copy.hasDeadline()).isTrue();
		assertThat(copy.headers()).containsEntry("a", "b");
	}

}
