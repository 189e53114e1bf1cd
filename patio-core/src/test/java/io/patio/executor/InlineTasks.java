package io.patio.executor;

import io.patio.registry.PatioTask;

/**
 * Tasks that say which thread ran them, declared {@link PatioTask#inline() inline} and
 * not.
 */
public class InlineTasks {

	@PatioTask(inline = true)
	public String inlineThread() {
		return Thread.currentThread().getName();
	}

	public String thread() {
		return Thread.currentThread().getName();
	}

	@PatioTask(inline = true)
	public int inlineFailure() {
		throw new IllegalStateException("an inline task failed");
	}

}
