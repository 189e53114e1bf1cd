package io.patio.autoconfigure.process.app;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

import io.patio.registry.PatioTask;

/** The application a process-pool test starts: the parent, and again in each worker. */
@SpringBootApplication
public class WorkerTestApplication {

	@Component
	public static class WorkerTasks {

		private final boolean worker;

		private final Environment environment;

		public WorkerTasks(@Value("${patio.executor.process.worker:false}") boolean worker, Environment environment) {
			this.worker = worker;
			this.environment = environment;
		}

		/** A task with a generated name: {@code [project.]<class>.square}. */
		@PatioTask
		public int square(int x) {
			return x * x;
		}

		/** A property as this process's environment sees it, or "(unset)". */
		@PatioTask("property")
		public String property(String name) {
			return this.environment.getProperty(name, "(unset)");
		}

		/** The active profiles of this process, comma-separated. */
		@PatioTask("profiles")
		public String profiles() {
			return String.join(",", this.environment.getActiveProfiles());
		}

		@PatioTask("mul")
		public int mul(int a, int b) {
			return a * b;
		}

		/** Where the task runs, and whether that process knows it is a worker. */
		@PatioTask("where")
		public String where() {
			return ProcessHandle.current().pid() + " " + this.worker;
		}

		@PatioTask("exit")
		public int exit(int code) {
			System.exit(code);
			return code;
		}

	}

}
