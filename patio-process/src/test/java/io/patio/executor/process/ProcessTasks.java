package io.patio.executor.process;

import java.util.ArrayList;
import java.util.List;

import io.patio.registry.PatioTask;
import io.patio.registry.Registry;

/** Tasks that worker processes run in the tests, some of them deadly to their JVM. */
public class ProcessTasks {

	public int mul(int a, int b) {
		return a * b;
	}

	/** Its argument, as a worker received it. */
	public Object same(Object value) {
		return value;
	}

	public long pid() {
		return ProcessHandle.current().pid();
	}

	/**
	 * Declared inline, which the process pool ignores: the worker process's pid and the
	 * name of the thread it ran on there.
	 */
	@PatioTask(value = "inlinePid", inline = true)
	public String inlinePid() {
		return ProcessHandle.current().pid() + " " + Thread.currentThread().getName();
	}

	/** A system property of the worker's JVM, or "(unset)". */
	public String property(String name) {
		return System.getProperty(name, "(unset)");
	}

	public int exit(int code) {
		System.exit(code);
		return code;
	}

	/**
	 * Allocates until the heap is full; under -XX:+ExitOnOutOfMemoryError the JVM exits
	 * with code 3.
	 */
	public int oom() {
		List<long[]> hog = new ArrayList<>();
		while (true) {
			hog.add(new long[1024 * 1024]);
		}
	}

	/** Spins forever, ignoring interrupts: only killing its process stops it. */
	public int spin() {
		long spins = 0;
		while (spins >= 0) {
			spins++;
			Thread.interrupted();
		}
		return (int) spins;
	}

	/**
	 * Returns once the file {@code path} exists: a call that holds its worker until the
	 * test releases it (in this process or another).
	 */
	public boolean awaitFile(String path) throws InterruptedException {
		java.nio.file.Path file = java.nio.file.Path.of(path);
		while (!java.nio.file.Files.exists(file)) {
			Thread.sleep(5);
		}
		return true;
	}

	/** The registry every test pool runs, in the parent and in each worker. */
	public static final class Factory implements RegistryFactory {

		@Override
		public Registry create() {
			Registry registry = new Registry();
			ProcessTasks tasks = new ProcessTasks();
			for (String name : List.of("mul", "same", "pid", "property", "exit", "oom", "spin", "awaitFile")) {
				registry.register(name, tasks, name);
			}
			registry.register("inlinePid", tasks, "inlinePid");
			return registry;
		}

	}

	/**
	 * The usual tasks, plus "extra" once the file named by the system property
	 * {@code patio.test.extra-task-file} exists: a worker started after that differs from
	 * its parent.
	 */
	public static final class Changing implements RegistryFactory {

		@Override
		public Registry create() {
			Registry registry = new Factory().create();
			String marker = System.getProperty("patio.test.extra-task-file");
			if (marker != null && java.nio.file.Files.exists(java.nio.file.Path.of(marker))) {
				registry.register("extra", new ProcessTasks(), "mul");
			}
			return registry;
		}

	}

	/** A factory whose worker cannot start, for the back-off test. */
	public static final class Broken implements RegistryFactory {

		@Override
		public Registry create() {
			throw new IllegalStateException("this worker never starts");
		}

	}

	/** A factory whose worker never gets ready, for the startup-timeout test. */
	public static final class Hangs implements RegistryFactory {

		@Override
		public Registry create() {
			try {
				new java.util.concurrent.CountDownLatch(1).await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("interrupted");
		}

	}

}
