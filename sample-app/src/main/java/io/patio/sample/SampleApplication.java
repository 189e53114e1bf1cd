package io.patio.sample;

import io.patio.autoconfigure.client.ImportPatioClients;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The patio sample: the {@link MathService} contract, implemented by {@link MathTasks}
 * and called through its typed client by {@link Quickstart} at startup and by
 * {@link MathController} over HTTP. In memory mode both sides are in this process; with
 * the worker and caller profiles, each runs its side.
 */
@SpringBootApplication
@ImportPatioClients(types = MathService.class)
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
