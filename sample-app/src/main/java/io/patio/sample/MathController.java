package io.patio.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.patio.broker.PatioBroker;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Calls the sample's tasks over HTTP, through the injected {@link PatioBroker}. Each
 * handler returns the call's future, so no servlet thread waits for a task.
 */
@RestController
public class MathController {

	private final PatioBroker broker;

	private final Quickstart quickstart;

	public MathController(PatioBroker broker, Quickstart quickstart) {
		this.broker = broker;
		this.quickstart = quickstart;
	}

	/** {@code GET /mul?x=1&x=2&x=3}: the product, by task name. */
	@GetMapping("/mul")
	public CompletableFuture<Integer> mul(@RequestParam("x") List<Integer> xs) {
		return this.broker.call("mul", Integer.class, xs.toArray());
	}

	/**
	 * {@code GET /square?x=7}: the square, by method reference to a CompletionStage task.
	 */
	@GetMapping("/square")
	public CompletableFuture<Integer> square(@RequestParam("x") int x) {
		// callAsync: the result is the stage's value, an Integer, not the stage itself.
		return this.broker.callAsync(MathTasks::slowSquare, x);
	}

	/** {@code GET /scale?x=1&y=2&factor=3}: a record in, a record out. */
	@GetMapping("/scale")
	public CompletableFuture<Point> scale(@RequestParam("x") int x, @RequestParam("y") int y,
			@RequestParam("factor") int factor) {
		return this.broker.call("scale", Point.class, new Point(x, y), factor);
	}

	/**
	 * {@code GET /quickstart}: the seed's quickstart, 100 concurrent
	 * {@code mul(1, 2, 3)}.
	 */
	@GetMapping("/quickstart")
	public CompletableFuture<List<Integer>> quickstart() {
		return this.quickstart.run();
	}

}
