package io.patio.sample;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Calls the sample's tasks over HTTP, through the injected {@link MathService} client: no
 * task name in sight. Each handler returns the call's future, so no servlet thread waits
 * for a task.
 */
@RestController
public class MathController {

	private final MathService math;

	private final Quickstart quickstart;

	/**
	 * @param math the typed client (the primary {@link MathService} bean; the worker's
	 * {@link MathTasks} is the other)
	 * @param quickstart the quickstart
	 */
	public MathController(MathService math, Quickstart quickstart) {
		this.math = math;
		this.quickstart = quickstart;
	}

	/** {@code GET /mul?x=1&x=2&x=3}: the product. */
	@GetMapping("/mul")
	public CompletableFuture<Integer> mul(@RequestParam("x") List<Integer> xs) {
		return this.math.mul(xs.stream().mapToInt(Integer::intValue).toArray());
	}

	/** {@code GET /square?x=7}: the square, from a task that returns a stage. */
	@GetMapping("/square")
	public CompletableFuture<Integer> square(@RequestParam("x") int x) {
		return this.math.slowSquare(x).toCompletableFuture();
	}

	/** {@code GET /scale?x=1&y=2&factor=3}: a record in, a record out. */
	@GetMapping("/scale")
	public CompletableFuture<Point> scale(@RequestParam("x") int x, @RequestParam("y") int y,
			@RequestParam("factor") int factor) {
		return this.math.scale(new Point(x, y), factor);
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
