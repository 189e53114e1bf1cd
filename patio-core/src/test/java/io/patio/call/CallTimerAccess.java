package io.patio.call;

import io.netty.util.HashedWheelTimer;

/** Opens {@link CallTimer}'s wheel to tests in other packages. */
public final class CallTimerAccess {

	private CallTimerAccess() {
	}

	/** The wheel that call timeouts run on now. */
	public static HashedWheelTimer timer() {
		return CallTimer.timer();
	}

}
