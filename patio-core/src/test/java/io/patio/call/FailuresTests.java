package io.patio.call;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.patio.TaskFailedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The one unwrap: what futures wrap is taken off, nothing else. */
class FailuresTests {

	@Test
	void futureWrappersAreTakenOffAtAnyDepth() {
		IllegalStateException failure = new IllegalStateException("x");
		assertThat(Failures.unwrap(failure)).isSameAs(failure);
		assertThat(Failures.unwrap(new CompletionException(failure))).isSameAs(failure);
		assertThat(Failures.unwrap(new ExecutionException(failure))).isSameAs(failure);
		assertThat(Failures.unwrap(new CompletionException(new ExecutionException(new CompletionException(failure)))))
			.isSameAs(failure);
	}

	@Test
	void whatAFutureThrowsUnwrapsToWhatFailedIt() throws Exception {
		IllegalStateException failure = new IllegalStateException("x");
		CompletableFuture<Object> future = CompletableFuture.failedFuture(failure);
		assertThat(Failures.unwrap(catchThrowable(future::join))).isSameAs(failure);
		assertThat(Failures.unwrap(catchThrowable(future::get))).isSameAs(failure);
		CompletableFuture<Object> dependent = future.thenApply((value) -> value);
		assertThat(Failures.unwrap(catchThrowable(dependent::join))).isSameAs(failure);
	}

	@Test
	void aWrapperWithoutACauseAndEveryOtherExceptionStayAsTheyAre() {
		CompletionException empty = new CompletionException("no cause", null);
		assertThat(Failures.unwrap(empty)).isSameAs(empty);
		TaskFailedException patio = new TaskFailedException("t", "failed", new ArithmeticException());
		assertThat(Failures.unwrap(patio)).isSameAs(patio);
		RuntimeException other = new RuntimeException(new CompletionException(new IllegalStateException()));
		assertThat(Failures.unwrap(other)).isSameAs(other);
		assertThat(Failures.unwrap(null)).isNull();
	}

}
