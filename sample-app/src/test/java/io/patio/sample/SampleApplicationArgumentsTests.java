package io.patio.sample;

import java.util.concurrent.TimeUnit;

import io.patio.broker.PatioBroker;
import io.patio.executor.PatioExecutor;
import io.patio.registry.Registry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Every patio.* property of the sample can be overridden on the command line. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, args = { "--patio.project=demo",
		"--patio.executor.max-workers=1", "--patio.executor.queue-capacity=200", "--patio.broker.timeout=5s" })
class SampleApplicationArgumentsTests {

	@Autowired
	private Registry registry;

	@Autowired
	private PatioExecutor executor;

	@Autowired
	private QuickstartRunner quickstartRunner;

	@Autowired
	private PatioBroker broker;

	@Test
	void commandLineArgumentsOverrideTheDefaultsOfApplicationYml() {
		assertThat(this.registry.asMap()).containsOnlyKeys("mul", "scale",
				"demo." + MathService.class.getName() + ".slowSquare");
		assertThat(this.executor.getMaxWorkers()).isEqualTo(1);
	}

	@Test
	void quickstartStillShowsOneHundredSixesWithASingleWorker() throws Exception {
		assertThat(this.quickstartRunner.getResults()).hasSize(100).containsOnly(6);
		assertThat(this.broker.call("demo." + MathService.class.getName() + ".slowSquare", Integer.class, 9)
			.get(10, TimeUnit.SECONDS)).isEqualTo(81);
	}

}
