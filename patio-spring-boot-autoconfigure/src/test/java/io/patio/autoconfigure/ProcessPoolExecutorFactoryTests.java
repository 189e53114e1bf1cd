package io.patio.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers of an executable Boot jar start through Boot's launcher; others start directly.
 */
class ProcessPoolExecutorFactoryTests {

	@Test
	void onlyAnExecutableBootJarAloneIsABootJar(@TempDir Path dir) throws Exception {
		Path boot = jar(dir.resolve("app.jar"), "com.example.App");
		Path plain = jar(dir.resolve("lib.jar"), null);
		assertThat(ProcessPoolExecutorFactory.isBootJar(boot.toString())).isTrue();
		assertThat(ProcessPoolExecutorFactory.isBootJar(plain.toString())).isFalse();
		assertThat(ProcessPoolExecutorFactory.isBootJar(boot + File.pathSeparator + plain)).isFalse();
		assertThat(ProcessPoolExecutorFactory.isBootJar(dir.toString())).isFalse();
		assertThat(ProcessPoolExecutorFactory.isBootJar(dir.resolve("missing.jar").toString())).isFalse();
	}

	private static Path jar(Path path, String startClass) throws Exception {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		if (startClass != null) {
			manifest.getMainAttributes().putValue("Start-Class", startClass);
		}
		try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, manifest)) {
			jar.flush();
		}
		return path;
	}

}
