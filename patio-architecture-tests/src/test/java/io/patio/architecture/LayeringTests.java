package io.patio.architecture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import io.patio.broker.loopback.LoopbackTransport;
import io.patio.broker.tcp.TcpLoopbackTransport;
import io.patio.executor.process.CrossTransportImport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The floors of patio's packages, lowest first: exceptions ({@code io.patio}); registry,
 * serializers and the call model; executors; brokers; transports (TCP with its protocol,
 * the process pool); Spring (auto-configuration, Actuator, observation). Imports only run
 * downwards, a transport never imports another transport, and no package takes part in a
 * cycle. It reads the main classes of every patio module (core, TCP, process pool,
 * Spring), so an import that runs up a floor fails the build wherever it is written.
 */
class LayeringTests {

	/** Every patio package by floor, lowest first; a new package must be given one. */
	private static final Map<String, Floor> FLOORS = floors();

	private static final JavaClasses PATIO = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.patio")
		.that(DescribedPredicate.describe("patio's own classes",
				(JavaClass type) -> !type.getPackageName().startsWith("io.patio.architecture")));

	private static Map<String, Floor> floors() {
		Map<String, Floor> floors = new LinkedHashMap<>();
		floors.put("io.patio", Floor.EXCEPTIONS);
		floors.put("io.patio.registry", Floor.MODEL);
		floors.put("io.patio.serializer", Floor.MODEL);
		floors.put("io.patio.serializer.cbor", Floor.MODEL);
		floors.put("io.patio.serializer.pickle", Floor.MODEL);
		floors.put("io.patio.call", Floor.MODEL);
		floors.put("io.patio.client", Floor.MODEL);
		floors.put("io.patio.executor", Floor.EXECUTOR);
		floors.put("io.patio.broker", Floor.BROKER);
		floors.put("io.patio.broker.loopback", Floor.BROKER);
		floors.put("io.patio.broker.tcp", Floor.TRANSPORT);
		floors.put("io.patio.protocol", Floor.TRANSPORT);
		floors.put("io.patio.executor.process", Floor.TRANSPORT);
		floors.put("io.patio.broker.rabbitmq", Floor.TRANSPORT);
		floors.put("io.patio.autoconfigure", Floor.SPRING);
		floors.put("io.patio.actuate", Floor.SPRING);
		floors.put("io.patio.observation", Floor.SPRING);
		return floors;
	}

	/** The transport a package belongs to, for the packages on the transport floor. */
	private static String transportOf(String pkg) {
		if (pkg.equals("io.patio.broker.tcp") || pkg.startsWith("io.patio.broker.tcp.")
				|| pkg.equals("io.patio.protocol") || pkg.startsWith("io.patio.protocol.")) {
			return "tcp";
		}
		if (pkg.equals("io.patio.executor.process") || pkg.startsWith("io.patio.executor.process.")) {
			return "process";
		}
		if (pkg.equals("io.patio.broker.rabbitmq") || pkg.startsWith("io.patio.broker.rabbitmq.")) {
			return "rabbitmq";
		}
		return pkg;
	}

	/** The floor of a package: that of the longest listed package it is, or is under. */
	private static Floor floorOf(String pkg) {
		Floor floor = null;
		int longest = -1;
		for (Map.Entry<String, Floor> entry : FLOORS.entrySet()) {
			String listed = entry.getKey();
			boolean under = pkg.equals(listed) || (pkg.startsWith(listed + ".") && !listed.equals("io.patio"));
			if (under && listed.length() > longest) {
				floor = entry.getValue();
				longest = listed.length();
			}
		}
		return floor;
	}

	@Test
	void theModulesWereRead() {
		Set<String> packages = new TreeSet<>();
		PATIO.forEach((type) -> packages.add(type.getPackageName()));
		assertThat(packages).contains("io.patio", "io.patio.registry", "io.patio.serializer",
				"io.patio.serializer.cbor", "io.patio.serializer.pickle", "io.patio.client", "io.patio.executor",
				"io.patio.broker", "io.patio.broker.client", "io.patio.broker.tcp", "io.patio.protocol",
				"io.patio.executor.process", "io.patio.broker.rabbitmq", "io.patio.autoconfigure",
				"io.patio.autoconfigure.rabbitmq", "io.patio.actuate.endpoint", "io.patio.observation");
	}

	@Test
	void everyPackageHasAFloor() {
		Set<String> without = new TreeSet<>();
		PATIO.forEach((type) -> {
			if (floorOf(type.getPackageName()) == null) {
				without.add(type.getPackageName());
			}
		});
		assertThat(without).as("packages with no floor in LayeringTests.FLOORS").isEmpty();
	}

	@Test
	void importsOnlyRunDownwardsAndNoTransportImportsAnother() {
		ArchRule rule = classes().should(importOnlyDownwards()).because("each floor builds only on those below it");
		rule.check(PATIO);
	}

	/**
	 * The rule has no exceptions left, so it must be shown to fail: a class of the
	 * process pool's package that imports a TCP internal (a test fixture, as the process
	 * pool itself did before it reached TCP through {@code io.patio.broker.loopback}) is
	 * reported.
	 */
	@Test
	void anImportAcrossTransportsIsReported() {
		JavaClasses fixture = new ClassFileImporter().importClasses(CrossTransportImport.class);
		assertThatThrownBy(() -> classes().should(importOnlyDownwards()).check(fixture))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("io.patio.broker.tcp.TcpServerBroker")
			.hasMessageContaining("runs across transports, from process to tcp");
	}

	/**
	 * The process pool reaches its link to the workers through the loopback interface,
	 * and the TCP module provides it.
	 */
	@Test
	void theProcessPoolReachesTcpThroughTheLoopbackInterfaceOnly() {
		Set<String> targets = new TreeSet<>();
		PATIO.stream()
			.filter((type) -> type.getPackageName().equals("io.patio.executor.process"))
			.forEach((type) -> type.getDirectDependenciesFromSelf()
				.forEach((dependency) -> targets.add(dependency.getTargetClass().getPackageName())));
		assertThat(targets).contains("io.patio.broker.loopback")
			.noneMatch((pkg) -> pkg.startsWith("io.patio.broker.tcp") || pkg.startsWith("io.patio.protocol"));
		assertThat(LoopbackTransport.find()).isInstanceOf(TcpLoopbackTransport.class);
	}

	@Test
	void noPackageCycles() {
		SliceAssignment byPackage = new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass type) {
				String pkg = type.getPackageName();
				return (pkg.equals("io.patio") || pkg.startsWith("io.patio.")) ? SliceIdentifier.of(pkg)
						: SliceIdentifier.ignore();
			}

			@Override
			public String getDescription() {
				return "every patio package";
			}

		};
		slices().assignedFrom(byPackage).should().beFreeOfCycles().check(PATIO);
	}

	private static ArchCondition<JavaClass> importOnlyDownwards() {
		return new ArchCondition<>("import only classes on their own floor or below, and no other transport") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				String from = type.getPackageName();
				Floor fromFloor = floorOf(from);
				if (fromFloor == null) {
					return; // everyPackageHasAFloor reports it
				}
				for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
					JavaClass target = dependency.getTargetClass();
					String to = target.getPackageName();
					Floor toFloor = floorOf(to);
					if (toFloor == null || !(to.equals("io.patio") || to.startsWith("io.patio."))) {
						continue;
					}
					String why = null;
					if (toFloor.ordinal() > fromFloor.ordinal()) {
						why = "runs up from " + fromFloor + " to " + toFloor;
					}
					else if (toFloor == Floor.TRANSPORT && fromFloor == Floor.TRANSPORT
							&& !transportOf(from).equals(transportOf(to))) {
						why = "runs across transports, from " + transportOf(from) + " to " + transportOf(to);
					}
					if (why != null) {
						events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription() + ": " + why));
					}
				}
			}

		};
	}

	/** The floors, lowest first: a class may import from its own floor or those below. */
	enum Floor {

		/** {@code io.patio}: the exceptions and error codes. */
		EXCEPTIONS,

		/**
		 * Registry, serializers, the call model: side by side, each on the exceptions.
		 */
		MODEL,

		/** The executors: thread pool, virtual threads, async, none. */
		EXECUTOR,

		/** The broker interface and the memory broker. */
		BROKER,

		/** TCP (with its protocol) and the process pool; none imports another. */
		TRANSPORT,

		/** The Spring Boot wiring, Actuator and observation. */
		SPRING

	}

}
