package io.patio.broker.tcp.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.patio.PatioException;
import io.patio.broker.client.PatioClients;
import io.patio.broker.client.Shapes;
import io.patio.broker.client.Shapes.Point;
import io.patio.broker.tcp.TcpBrokerOptions;
import io.patio.broker.tcp.TcpClientBroker;
import io.patio.executor.NullPatioExecutor;
import io.patio.registry.Registry;

/**
 * The caller of {@link TypedClientTwoJvmTests}, run in a JVM whose class path has the
 * {@link Shapes} interface but not its implementation: it names no task, and prints one
 * {@code RESULT} line per call. Arguments: the worker's port.
 */
public final class ShapesCaller {

	private ShapesCaller() {
	}

	public static void main(String[] args) throws Exception {
		try {
			Class.forName("io.patio.broker.client.ShapesWorker");
			System.out.println("RESULT implementation=present");
		}
		catch (ClassNotFoundException ex) {
			System.out.println("RESULT implementation=absent");
		}
		TcpBrokerOptions options = TcpBrokerOptions.builder().key("two-jvms").build();
		try (NullPatioExecutor none = new NullPatioExecutor(new Registry("example"));
				TcpClientBroker broker = new TcpClientBroker(none, options, "127.0.0.1:" + args[0])) {
			broker.connect();
			Shapes shapes = PatioClients.create(broker, Shapes.class);
			print("mul", shapes.mul(1, 2, 3));
			print("scale", shapes.scale(new Point(1, 2), 3));
			print("scaleLater", shapes.scaleLater(new Point(2, 3), 2).get(30, TimeUnit.SECONDS));
			print("slowSquare", shapes.slowSquare(9).toCompletableFuture().get(30, TimeUnit.SECONDS));
			print("line", shapes.line(2) + " " + shapes.line(2).get(1).getClass().getSimpleName());
			print("grouped", shapes.grouped(1).get(30, TimeUnit.SECONDS));
			shapes.record("from-the-other-jvm");
			print("record", "done");
			print("greet", shapes.greet("Ada", "Hello"));
			print("tenant", shapes.tenant("acme"));
			print("budget", (shapes.budgetMillis(Duration.ofSeconds(7)) <= 7_000) ? "within" : "over");
			print("mulTwice", shapes.mulTwice(21));
			try {
				shapes.fail("boom");
				print("fail", "no exception");
			}
			catch (PatioException ex) {
				print("fail", ex.getClass().getSimpleName() + " " + ex.getCode());
			}
		}
		System.out.flush();
	}

	private static void print(String key, Object value) {
		System.out.println("RESULT " + key + "=" + value);
	}

}
