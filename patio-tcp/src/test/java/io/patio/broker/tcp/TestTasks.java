package io.patio.broker.tcp;

/** The tasks the TCP tests run; {@code whoami} tells which broker ran a call. */
public class TestTasks {

	private final String name;

	public TestTasks(String name) {
		this.name = name;
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
