package io.patio.call;

/**
 * Run in a JVM of its own by {@link PeriodicTaskWatchdogTests}: initializes
 * {@link PeriodicTask}, schedules nothing, and exits with 0 when the watchdog thread
 * runs, 3 when it does not.
 */
public final class WatchdogProbe {

	private WatchdogProbe() {
	}

	public static void main(String[] args) throws Exception {
		Class.forName(PeriodicTask.class.getName(), true, WatchdogProbe.class.getClassLoader());
		boolean running = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.anyMatch((thread) -> thread.getName().equals("patio-watchdog") && thread.isAlive());
		System.exit(running ? 0 : 3);
	}

}
