package io.patio.benchmarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The tasks every scenario calls: {@code mul(int, int)} and a record of about 200 bytes
 * in and out.
 */
public class BenchTasks {

	/** About 200 bytes as JSON. */
	public record Order(long id, String customer, String sku, int quantity, double price, List<String> tags,
			String note) {

		static Order sample() {
			return new Order(123456789L, "ACME Corporation Ltd.", "SKU-0000-ABCDEFGH", 12, 1999.95,
					List.of("express", "fragile", "gift"), "Leave at the front desk, ring twice");
		}

		Order confirmed() {
			return new Order(this.id, this.customer, this.sku, this.quantity, this.price, this.tags, "confirmed");
		}

	}

	private final java.util.Queue<CompletableFuture<Integer>> held = new java.util.concurrent.ConcurrentLinkedQueue<>();

	/** Holds the call open, without a thread, until {@link #release()} is called. */
	public CompletionStage<Integer> hold() {
		CompletableFuture<Integer> call = new CompletableFuture<>();
		this.held.add(call);
		return call;
	}

	/** How many calls are held now. */
	public int heldCount() {
		return this.held.size();
	}

	/** Answers every held call; returns how many there were. */
	public int release() {
		int released = 0;
		CompletableFuture<Integer> call;
		while ((call = this.held.poll()) != null) {
			call.complete(0);
			released++;
		}
		return released;
	}

	/** Blocks its thread for {@code millis}, as a call to a slow service would. */
	public int block(int millis) throws InterruptedException {
		Thread.sleep(millis);
		return millis;
	}

	public int mul(int a, int b) {
		return a * b;
	}

	/** {@link #mul}, run on the event loop that reads its call. */
	@io.patio.registry.PatioTask(inline = true)
	public int mulInline(int a, int b) {
		return a * b;
	}

	/** {@link #confirm}, run on the event loop that reads its call. */
	@io.patio.registry.PatioTask(inline = true)
	public Order confirmInline(Order order) {
		return confirm(order);
	}

	public CompletionStage<Integer> mulAsync(int a, int b) {
		return CompletableFuture.completedFuture(a * b);
	}

	public Order confirm(Order order) {
		return order.confirmed();
	}

}
