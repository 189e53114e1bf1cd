package io.patio.autoconfigure.process.app;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

import io.patio.registry.PatioTask;

/** The application a process-pool test starts: the parent, and again in each worker. */
@SpringBootApplication
public class WorkerTestApplication {

	@Component
	public static class WorkerTasks {

		private final boolean worker;

		public WorkerTasks(@Value("${patio.executor.process.worker:false}") boolean worker) {
			this.worker = worker;
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
