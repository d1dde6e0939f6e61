package dev.glasshouse.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions whose classes exist only in an application jar, as on an executor: they deserialize through the
 * thread's context class loader, and without the jar the error names the class.
 */
class UserCodeTest {
    private static final String GREETING = """
            package com.example;

            import java.io.Serializable;
            import java.util.function.Supplier;

            public class Greeting implements Supplier<String>, Serializable {
                public String get() {
                    return "hello from " + getClass().getClassLoader().getClass().getSimpleName();
                }

                public static Supplier<String> lambda(String name) {
                    return (Supplier<String> & Serializable) () -> "lambda greets " + name;
                }
            }
            """;

    @TempDir
    static Path dir;
    private static Path jar;

    @BeforeAll
    static void buildJar() throws Exception {
        jar = TestJars.compile(dir.resolve("app.jar"), Map.of("com.example.Greeting", GREETING));
    }

    @Test
    void anInstanceAndALambdaOfAnApplicationClassResolveThroughTheContextLoader() throws Exception {
        byte[] instance;
        byte[] lambda;
        try (URLClassLoader driverSide = loader()) {
            Class<?> greeting = driverSide.loadClass("com.example.Greeting");
            instance = UserCode.serialize(greeting.getConstructor().newInstance(), "map");
            lambda = UserCode.serialize(greeting.getMethod("lambda", String.class).invoke(null, "Ada"), "map");
        }

        try (URLClassLoader executorSide = loader()) {
            Supplier<?> fromInstance = withContextLoader(executorSide,
                    () -> UserCode.deserialize(instance, Supplier.class, "map"));
            Supplier<?> fromLambda = withContextLoader(executorSide,
                    () -> UserCode.deserialize(lambda, Supplier.class, "map"));

            assertThat(fromInstance.getClass().getClassLoader()).isSameAs(executorSide);
            assertThat(fromInstance.get()).isEqualTo("hello from URLClassLoader");
            assertThat(fromLambda.get()).isEqualTo("lambda greets Ada");
        }
    }

    @Test
    void aClassInNoJarIsNamed() throws Exception {
        byte[] instance;
        try (URLClassLoader driverSide = loader()) {
            instance = UserCode.serialize(driverSide.loadClass("com.example.Greeting").getConstructor().newInstance(),
                    "flatMap");
        }

        assertThatThrownBy(() -> withContextLoader(UserCodeTest.class.getClassLoader(),
                () -> UserCode.deserialize(instance, Supplier.class, "flatMap")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the function given to flatMap cannot be loaded on this executor: class"
                        + " com.example.Greeting was not found");
    }

    @Test
    void aMissingLambdaClassInsideAFieldIsNamedToo() throws Exception {
        // ObjectInputStream defers the missing class and first fails to put the unresolved lambda into the field.
        byte[] holder;
        try (URLClassLoader driverSide = loader()) {
            Object lambda = driverSide.loadClass("com.example.Greeting").getMethod("lambda", String.class)
                    .invoke(null, "Ada");
            holder = UserCode.serialize(new Holder((Supplier<?>) lambda), "map");
        }

        assertThatThrownBy(() -> withContextLoader(UserCodeTest.class.getClassLoader(),
                () -> UserCode.deserialize(holder, Holder.class, "map")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the function given to map cannot be loaded on this executor: class"
                        + " com.example.Greeting was not found")
                .hasCauseInstanceOf(ClassNotFoundException.class);
    }

    /** A wrapper with a typed field, like the row functions DataFrame.map wraps a user's lambda in. */
    private static final class Holder implements java.io.Serializable {
        private final Supplier<?> supplier;

        Holder(Supplier<?> supplier) {
            this.supplier = supplier;
        }
    }

    private static URLClassLoader loader() throws Exception {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, UserCodeTest.class.getClassLoader());
    }

    private static <T> T withContextLoader(ClassLoader loader, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
