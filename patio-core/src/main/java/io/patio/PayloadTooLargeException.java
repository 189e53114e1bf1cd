package io.patio;

/**
 * A REQUEST or an answer is larger than a broker's frame limit ({@code max-frame-size}):
 * a call whose arguments would not fit is refused before it is sent, a result that would
 * not fit is answered with this error instead, and an oversized frame from a peer is
 * discarded unread. Only that call fails; the connection and its other calls go on. Peers
 * do not exchange their limits, so every peer should use the same {@code max-frame-size}.
 */
public class PayloadTooLargeException extends PatioException {

	/** The name of the setting, for messages. */
	public static final String SETTING = "max-frame-size (patio.broker.tcp.max-frame-size)";

	public PayloadTooLargeException(String task, String message) {
		super(ErrorCode.TOO_LARGE, task, message);
	}

	public PayloadTooLargeException(String task, String message, Throwable cause) {
		super(ErrorCode.TOO_LARGE, task, message, cause);
	}

}
