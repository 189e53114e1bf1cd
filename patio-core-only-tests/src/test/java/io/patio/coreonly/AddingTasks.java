package io.patio.coreonly;

import io.patio.registry.PatioTask;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A user's application: one task, and whatever auto-configuration its class path holds.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AddingTasks.Tasks.class)
class AddingTasks {

	static class Tasks {

		@PatioTask("add")
		public int add(int a, int b) {
			return a + b;
		}

	}

}
