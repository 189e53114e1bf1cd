package io.patio.serializer;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.patio.BadArgumentsException;
import io.patio.BadRequestException;
import io.patio.ErrorCode;
import io.patio.PatioException;
import io.patio.PayloadTooLargeException;
import io.patio.RejectedCallException;
import io.patio.RemoteTaskException;
import io.patio.ShuttingDownException;
import io.patio.TaskFailedException;
import io.patio.TaskTimeoutException;
import io.patio.UnknownTaskException;
import io.patio.call.Failures;

/**
 * The payload of an ERROR, whatever carries it (a TCP ERROR frame, a RabbitMQ reply):
 * {@code {"code": ..., "type": ..., "message": ...}} in JSON and CBOR. The type is a name
 * for the user; it is never loaded as a class.
 * <p>
 * {@link #of(Throwable)} builds one from a failed call and {@link #toException(String)}
 * turns one back into patio's typed exception: the only place where exceptions and
 * payloads are converted, for every transport. Moved here from {@code io.patio.protocol}
 * (patio-tcp) with the serializer SPI v2.
 *
 * @param code a wire {@link ErrorCode} value such as {@code task-failed}, or {@code null}
 * when a peer sent none
 * @param type the exception's type name, or {@code null}
 * @param message the exception's message, or {@code null}
 * @param exception the exception whose type {@code type} names, kept so that a serializer
 * can map it by class (subclasses included) to an exception of its own format, as pickle
 * does; it is never encoded, and {@code null} after decoding. It takes no part in
 * {@link #equals(Object)}
 */
@JsonPropertyOrder({ "code", "type", "message" })
public record ErrorPayload(String code, String type, @JsonInclude(JsonInclude.Include.ALWAYS) String message,
		@JsonIgnore Throwable exception) {

	/** A payload with no exception kept, as one decoded from a wire. */
	public ErrorPayload(String code, String type, String message) {
		this(code, type, message, null);
	}

	/**
	 * The ERROR payload for a failed call, unwrapped with {@link Failures#unwrap}: a
	 * task's own exception (a {@link TaskFailedException}'s cause) is {@code task-failed}
	 * with its type and message; a remote task's failure keeps the remote type and
	 * message; a {@link PatioException} with a wire code is that code; anything else is
	 * {@code task-failed}.
	 */
	public static ErrorPayload of(Throwable error) {
		Throwable failure = Failures.unwrap(error);
		if (failure instanceof RemoteTaskException remote) {
			return new ErrorPayload(ErrorCode.TASK_FAILED.value(), remote.getRemoteType(), remote.getRemoteMessage(),
					remote);
		}
		if (failure instanceof TaskFailedException && failure.getCause() != null) {
			Throwable cause = failure.getCause();
			return new ErrorPayload(ErrorCode.TASK_FAILED.value(), cause.getClass().getName(), cause.getMessage(),
					cause);
		}
		if (failure instanceof PatioException patio && patio.getCode().isWireCode()) {
			return new ErrorPayload(patio.getCode().value(), failure.getClass().getName(), failure.getMessage(),
					failure);
		}
		return new ErrorPayload(ErrorCode.TASK_FAILED.value(), failure.getClass().getName(), failure.getMessage(),
				failure);
	}

	/**
	 * The typed exception this payload stands for, for a call to {@code task} (or
	 * {@code null}, e.g. during a handshake): an {@link UnknownTaskException} for
	 * {@code unknown-task} and so on; a {@link RemoteTaskException} keeping the remote
	 * type as a name for {@code task-failed}, for an unknown code and for none.
	 */
	public PatioException toException(String task) {
		ErrorCode errorCode = ErrorCode.fromWire(this.code);
		String remoteType = (this.type != null) ? this.type : "unknown";
		String text = (this.message != null) ? this.message
				: "the peer answered '" + this.code + "' for task '" + task + "'";
		if (errorCode == null) {
			return new RemoteTaskException(task, remoteType, this.message);
		}
		return switch (errorCode) {
			case UNKNOWN_TASK -> new UnknownTaskException(task, text);
			case BAD_ARGUMENTS -> new BadArgumentsException(task, text);
			case BAD_REQUEST -> new BadRequestException(task, text);
			case TIMEOUT -> new TaskTimeoutException(task, text);
			case REJECTED -> new RejectedCallException(task, text);
			case SHUTTING_DOWN -> new ShuttingDownException(task, text);
			case TOO_LARGE -> new PayloadTooLargeException(task, text);
			default -> new RemoteTaskException(task, remoteType, this.message);
		};
	}

	/** Equal when code, type and message are: the kept exception is not compared. */
	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof ErrorPayload that && Objects.equals(this.code, that.code)
				&& Objects.equals(this.type, that.type) && Objects.equals(this.message, that.message));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.code, this.type, this.message);
	}

	@Override
	public String toString() {
		return "ErrorPayload[code=" + this.code + ", type=" + this.type + ", message=" + Excerpt.of(this.message) + "]";
	}

}
