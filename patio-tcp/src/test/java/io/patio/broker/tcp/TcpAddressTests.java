package io.patio.broker.tcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TcpAddressTests {

	@Test
	void parsesHostAndPort() {
		assertThat(TcpAddress.parse("127.0.0.1:15383")).isEqualTo(new TcpAddress("127.0.0.1", 15383));
		assertThat(TcpAddress.parse("worker.local:0")).isEqualTo(new TcpAddress("worker.local", 0));
	}

	@Test
	void portDefaultsTo15383() {
		assertThat(TcpAddress.parse("localhost").port()).isEqualTo(15383);
		assertThat(TcpAddress.parse("[::1]").port()).isEqualTo(15383);
	}

	@Test
	void ipv6LiteralsGoInBrackets() {
		TcpAddress address = TcpAddress.parse("[::1]:16000");
		assertThat(address).isEqualTo(new TcpAddress("::1", 16000));
		assertThat(address).hasToString("[::1]:16000");
		assertThatIllegalArgumentException().isThrownBy(() -> TcpAddress.parse("::1:16000"))
			.withMessageContaining("brackets");
	}

	@Test
	void rejectsWhatIsNotAnAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> TcpAddress.parse(""));
		assertThatIllegalArgumentException().isThrownBy(() -> TcpAddress.parse("host:port"));
		assertThatIllegalArgumentException().isThrownBy(() -> TcpAddress.parse("host:70000"));
		assertThatIllegalArgumentException().isThrownBy(() -> TcpAddress.parse("[::1"));
		assertThatIllegalArgumentException().isThrownBy(() -> TcpAddress.parse(":15383"));
	}

	@Test
	void optionsValidateTheKeyAndNeverPrintIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> TcpBrokerOptions.builder().key("x".repeat(33)))
			.withMessageContaining("at most 32 bytes")
			.withMessageNotContaining("xxx");
		TcpBrokerOptions options = TcpBrokerOptions.builder().key("top-secret").build();
		assertThat(options.toString()).doesNotContain("top-secret").contains("key=(set)");
		assertThat(TcpBrokerOptions.defaults().getMaxFrameSize()).isEqualTo(16 * 1024 * 1024);
		assertThat(TcpBrokerOptions.defaults().getHandshakeTimeout()).hasSeconds(5);
		TcpBrokerOptions copy = options.toBuilder().maxFrameSize(1024).build();
		assertThat(copy.getKey()).isEqualTo(options.getKey());
		assertThat(copy.getMaxFrameSize()).isEqualTo(1024);
	}

}
