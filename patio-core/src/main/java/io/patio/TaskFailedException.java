package io.patio;

/** The task ran and threw. A local failure carries the task's exception as its cause. */
public class TaskFailedException extends PatioException {

	public TaskFailedException(String task, String message, Throwable cause) {
		super(ErrorCode.TASK_FAILED, task, message, cause);
	}

}
