package io.patio;

/**
 * A call made before its broker started, and the broker did not start within the call's
 * timeout. Calls made early wait for the start; this says the wait ran out.
 */
public class BrokerNotStartedException extends PatioException {

	public BrokerNotStartedException(String task, String message) {
		super(ErrorCode.NOT_STARTED, task, message);
	}

}
