package io.patio.broker.tcp;

/** The tasks the TCP tests run; {@code whoami} tells which broker ran a call. */
public class TestTasks {

	private final String name;

	public TestTasks(String name) {
		this.name = name;
	}

	/** The thread that ran it, declared to run on the thread that delivers its call. */
	@io.patio.registry.PatioTask(inline = true)
	public String inlineThread() {
		return Thread.currentThread().getName();
	}

	/** The thread that ran it. */
	public String thread() {
		return Thread.currentThread().getName();
	}

	public int mul(int... values) {
		int product = 1;
		for (int value : values) {
			product *= value;
		}
		return product;
	}

	public int add(int a, int b) {
		return a + b;
	}

	/** A point, passed as a record. */
	public record Point(int x, int y) {
	}

	/** The point mirrored on the diagonal. */
	public Point mirror(Point point) {
		return new Point(point.y(), point.x());
	}

	public String whoami() {
		return this.name;
	}

	public String boom(String message) {
		throw new IllegalStateException(message);
	}

	public long slow(long millis) throws InterruptedException {
		Thread.sleep(millis);
		return millis;
	}

}
