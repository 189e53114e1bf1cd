package io.patio.sample;

import io.patio.BadArgumentsException;
import io.patio.BrokerNotStartedException;
import io.patio.ConnectionLostException;
import io.patio.NoPeerException;
import io.patio.PatioException;
import io.patio.RejectedCallException;
import io.patio.ShuttingDownException;
import io.patio.TaskTimeoutException;
import io.patio.UnknownTaskException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns a failed patio call into an HTTP answer a client can act on: 503 when no worker
 * can take the call now (retry later), 504 when it ran out of time, 400 for bad
 * arguments, 500 when the task itself failed. The body is an RFC 9457 problem with
 * patio's error code.
 */
@RestControllerAdvice
public class PatioErrors {

	@ExceptionHandler(PatioException.class)
	public ProblemDetail patioCallFailed(PatioException failure) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(failure), failure.getMessage());
		problem.setTitle("patio call failed");
		problem.setProperty("code", failure.getCode().value());
		if (failure.getTask() != null) {
			problem.setProperty("task", failure.getTask());
		}
		return problem;
	}

	private static HttpStatus statusOf(PatioException failure) {
		if (failure instanceof NoPeerException || failure instanceof RejectedCallException
				|| failure instanceof ShuttingDownException || failure instanceof ConnectionLostException
				|| failure instanceof BrokerNotStartedException || failure instanceof UnknownTaskException) {
			return HttpStatus.SERVICE_UNAVAILABLE;
		}
		if (failure instanceof TaskTimeoutException) {
			return HttpStatus.GATEWAY_TIMEOUT;
		}
		if (failure instanceof BadArgumentsException) {
			return HttpStatus.BAD_REQUEST;
		}
		return HttpStatus.INTERNAL_SERVER_ERROR;
	}

}
