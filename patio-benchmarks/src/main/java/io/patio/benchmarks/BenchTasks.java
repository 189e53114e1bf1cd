package io.patio.benchmarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The tasks every scenario calls: {@code mul(int, int)} and a record of about 200 bytes in and out. */
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

	public int mul(int a, int b) {
		return a * b;
	}

	public CompletionStage<Integer> mulAsync(int a, int b) {
		return CompletableFuture.completedFuture(a * b);
	}

	public Order confirm(Order order) {
		return order.confirmed();
	}

}
