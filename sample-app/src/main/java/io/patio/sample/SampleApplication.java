package io.patio.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The patio sample: tasks in {@link MathTasks}, called through the injected
 * {@link io.patio.broker.PatioBroker} by {@link Quickstart} at startup and by
 * {@link MathController} over HTTP.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
