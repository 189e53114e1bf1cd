package io.patio.broker.tcp;

import io.patio.PayloadTooLargeException;

/** The error of a payload over a broker's frame limit, worded the same everywhere. */
final class FrameLimit {

	private FrameLimit() {
	}

	/**
	 * The error for {@code what} of {@code size} bytes, over the limit of {@code limit}
	 * bytes of {@code whose} broker.
	 * @param task the call's task, or {@code null} when it is not known
	 * @param outcome what became of the payload ("it was not sent")
	 */
	static PayloadTooLargeException tooLarge(String task, String what, long size, String whose, int limit,
			String outcome) {
		return new PayloadTooLargeException(task,
				what + " is " + size + " bytes, over " + whose + " limit of " + limit + " bytes ("
						+ PayloadTooLargeException.SETTING + "); " + outcome
						+ ". Every peer should use the same limit");
	}

}
