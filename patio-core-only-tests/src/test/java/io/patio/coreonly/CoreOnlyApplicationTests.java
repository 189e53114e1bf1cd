package io.patio.coreonly;

import java.util.concurrent.TimeUnit;

import io.patio.broker.MemoryBroker;
import io.patio.broker.PatioBroker;
import io.patio.executor.PatioExecutor;
import io.patio.executor.ThreadPoolPatioExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A Spring Boot application whose class path has patio-core and the auto-configuration
 * but neither patio-tcp nor patio-process (they are optional dependencies of the
 * auto-configuration) starts, with the memory broker and the thread-pool executor, and
 * runs a call.
 */
@ExtendWith(OutputCaptureExtension.class)
class CoreOnlyApplicationTests {

	@Test
	void theClassPathHasNoTransport() {
		ClassLoader loader = getClass().getClassLoader();
		assertThat(ClassUtils.isPresent("io.patio.broker.MemoryBroker", loader)).isTrue();
		assertThat(ClassUtils.isPresent("io.patio.broker.tcp.TcpServerBroker", loader)).isFalse();
		assertThat(ClassUtils.isPresent("io.patio.executor.process.ProcessPoolPatioExecutor", loader)).isFalse();
		assertThat(ClassUtils.isPresent("io.netty.channel.Channel", loader)).as("Netty's transport").isFalse();
		assertThat(ClassUtils.isPresent("org.bouncycastle.crypto.digests.Blake2sDigest", loader)).isFalse();
	}

	@Test
	void startsWithTheMemoryBrokerAndRunsACall() throws Exception {
		try (ConfigurableApplicationContext context = application().run()) {
			PatioBroker broker = context.getBean(PatioBroker.class);
			assertThat(broker).isInstanceOf(MemoryBroker.class);
			assertThat(broker.isRunning()).isTrue();
			assertThat(context.getBean(PatioExecutor.class)).isInstanceOf(ThreadPoolPatioExecutor.class);
			assertThat(broker.call("add", Integer.class, 2, 3).get(30, TimeUnit.SECONDS)).isEqualTo(5);
		}
	}

	@Test
	void aTcpBrokerFailsStartupNamingTheArtifactToAdd(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application().run("--patio.broker.type=tcp-server"));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"patio.broker.type=tcp-server is provided by io.patio:patio-tcp, which is not on the class path.");
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(AddingTasks.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

}
