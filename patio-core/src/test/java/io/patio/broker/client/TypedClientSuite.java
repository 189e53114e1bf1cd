package io.patio.broker.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.patio.ErrorCode;
import io.patio.PatioException;
import io.patio.TaskTimeoutException;
import io.patio.broker.client.Shapes.Point;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every return and parameter kind of a typed client, against a worker that implements
 * {@link Shapes}: subclasses give the client and the worker, over one broker or another.
 */
public abstract class TypedClientSuite {

	/** A client of {@link Shapes} whose calls reach {@link #worker()}. */
	protected abstract Shapes client();

	/** The implementation that runs the calls. */
	protected abstract ShapesWorker worker();

	@Test
	void aPrimitiveResultAndSpreadVarargs() {
		assertThat(client().mul(1, 2, 3)).isEqualTo(6);
		assertThat(client().mul(6, 7)).isEqualTo(42);
		assertThat(client().mul()).isEqualTo(1);
	}

	@Test
	void aRecordInAndOut() {
		assertThat(client().scale(new Point(1, 2), 3)).isEqualTo(new Point(3, 6));
	}

	@Test
	void aCompletableFutureAndACompletionStage() throws Exception {
		assertThat(client().scaleLater(new Point(2, 3), 2).get(30, TimeUnit.SECONDS)).isEqualTo(new Point(4, 6));
		assertThat(client().slowSquare(9).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo(81);
	}

	@Test
	void genericResultsFromTheMethodsSignature() throws Exception {
		List<Point> line = client().line(3);
		assertThat(line).containsExactly(new Point(0, 0), new Point(1, 1), new Point(2, 2));
		assertThat(line.get(2)).isInstanceOf(Point.class);
		Map<String, List<Point>> grouped = client().grouped(2).get(30, TimeUnit.SECONDS);
		assertThat(grouped.get("line")).containsExactly(new Point(0, 0), new Point(1, 1));
		assertThat(grouped.get("line").get(1)).isInstanceOf(Point.class);
	}

	@Test
	void voidWaitsForTheTaskToEnd() {
		String entry = "entry-" + System.nanoTime();
		client().record(entry);
		// no wait here: record returned only once the task had run
		assertThat(worker().recorded).contains(entry);
	}

	@Test
	void aKeywordArgumentBindsByItsName() {
		assertThat(client().greet("Ada", "Hello")).isEqualTo("Hello, Ada");
	}

	@Test
	void aHeaderParameterTravelsAsAHeader() {
		assertThat(client().tenant("acme")).isEqualTo("tenant=acme");
		assertThat(client().tenant(null)).isEqualTo("tenant=null");
	}

	@Test
	void aTimeoutParameterIsTheCallsBudget() {
		long given = client().budgetMillis(Duration.ofSeconds(7));
		assertThat(given).isPositive().isLessThanOrEqualTo(7_000);
		long byContract = client().budgetMillis(null); // the interface's @Timeout("30s")
		assertThat(byContract).isGreaterThan(7_000).isLessThanOrEqualTo(30_000);
		assertThatThrownBy(() -> client().nap(20_000, Duration.ofMillis(200))).isInstanceOf(TaskTimeoutException.class)
			.hasMessageContaining("nap");
	}

	@Test
	void aFailedTaskThrowsTheTypedExceptionUnwrapped() {
		assertThatThrownBy(() -> client().fail("boom")).isInstanceOf(PatioException.class)
			.satisfies((ex) -> assertThat(((PatioException) ex).getCode()).isEqualTo(ErrorCode.TASK_FAILED))
			.hasMessageContaining("boom");
	}

	@Test
	void aDefaultMethodRunsOnTheCaller() {
		assertThat(client().mulTwice(21)).isEqualTo(42);
	}

	@Test
	void objectMethodsBehaveAsOnAnyProxy() {
		Shapes client = client();
		assertThat(client.equals(client)).isTrue();
		assertThat(client.equals(worker())).isFalse();
		assertThat(client.hashCode()).isEqualTo(System.identityHashCode(client));
		assertThat(client.toString()).contains(Shapes.class.getName());
		assertThat(PatioClients.isClient(client)).isTrue();
		assertThat(PatioClients.isClient(worker())).isFalse();
	}

}
