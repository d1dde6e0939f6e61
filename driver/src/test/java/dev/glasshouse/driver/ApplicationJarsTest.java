package dev.glasshouse.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.core.exec.TestJars;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.TestS3;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The driver's side of code shipping: checking the configured jars and uploading them, against a real S3 server. */
class ApplicationJarsTest {
    @RegisterExtension
    static final TestS3 s3 = new TestS3();
    @TempDir
    Path dir;

    @Test
    void uploadsEachJarUnderTheApplicationAndDeletesThemAgain() throws Exception {
        Path app = TestJars.compile(dir.resolve("app.jar"), Map.of("com.example.Main",
                "package com.example; public class Main { }"));
        Path lib = TestJars.compile(dir.resolve("lib/helpers.jar"), Map.of("com.example.Helper",
                "package com.example; public class Helper { }"));

        Config config = config(List.of(app.toString(), lib.toString()))
                .withValue(ApplicationJars.LOCATION, ConfigValueFactory.fromAnyRef("s3://code-bucket/shipped"));

        List<String> uploaded = ApplicationJars.upload(s3.store(), config, "app-7");

        assertThat(uploaded).containsExactly("s3://code-bucket/shipped/app-7/app.jar",
                "s3://code-bucket/shipped/app-7/helpers.jar");
        try (InputStream in = s3.store().open(S3Path.parse(uploaded.get(0)))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(app));
        }

        ApplicationJars.delete(s3.store(), uploaded);
        assertThat(s3.store().list(S3Path.parse("s3://code-bucket/shipped/"))).extracting(ObjectInfo::path).isEmpty();
    }

    @Test
    void noJarsUploadsNothing() {
        assertThat(ApplicationJars.upload(s3.store(), ConfigFactory.load(), "app-1")).isEmpty();
    }

    @Test
    void aCommaSeparatedStringAsMinusDGivesItIsAListToo() {
        Config config = ConfigFactory.parseMap(Map.of(ApplicationJars.JARS, "a.jar, /opt/b.jar"));
        assertThat(ApplicationJars.localPaths(config))
                .containsExactly(Path.of("a.jar").toAbsolutePath(), Path.of("/opt/b.jar"));
    }

    @Test
    void badJarsAreRefusedNamingTheKeyAndThePath() throws Exception {
        Path missing = dir.resolve("nope.jar");
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a zip");
        Path app = TestJars.compile(dir.resolve("app.jar"), Map.of("com.example.Main",
                "package com.example; public class Main { }"));
        Path sameName = TestJars.compile(dir.resolve("other/app.jar"), Map.of("com.example.Other",
                "package com.example; public class Other { }"));

        assertThatThrownBy(() -> ApplicationJars.upload(s3.store(), config(List.of(missing.toString())), "app-1"))
                .hasMessage("glasshouse.application.jars lists " + missing + ", which does not exist");
        assertThatThrownBy(() -> ApplicationJars.upload(s3.store(), config(List.of(dir.toString())), "app-1"))
                .hasMessage("glasshouse.application.jars lists " + dir + ", which is not a readable file");
        assertThatThrownBy(() -> ApplicationJars.upload(s3.store(), config(List.of(text.toString())), "app-1"))
                .hasMessageStartingWith("glasshouse.application.jars lists " + text + ", which is not a jar file");
        assertThatThrownBy(() -> ApplicationJars.upload(s3.store(),
                config(List.of(app.toString(), sameName.toString())), "app-1"))
                .hasMessageContaining("lists two jars named 'app.jar' (" + app + " and " + sameName + ")");
        assertThatThrownBy(() -> ApplicationJars.upload(s3.store(), config(List.of(app.toString()))
                .withValue(ApplicationJars.LOCATION, ConfigValueFactory.fromAnyRef("/tmp/jars")), "app-1"))
                .hasMessageStartingWith("glasshouse.application.jars-location: bad S3 path '/tmp/jars'");
    }

    private static Config config(List<String> jars) {
        return ConfigFactory.load().withValue(ApplicationJars.JARS, ConfigValueFactory.fromAnyRef(jars));
    }
}
