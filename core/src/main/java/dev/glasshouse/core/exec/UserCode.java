package dev.glasshouse.core.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization of user functions for task plans. The driver serializes a function once, when the
 * transformation is called, so a lambda that cannot travel fails there, naming the transformation. The executor
 * deserializes it with the task thread's context class loader: the executor sets it to the application's own
 * class loader (its shipped jars over the executor's class path), so every class of the function, a lambda's
 * capturing class included, resolves through the application's jars.
 */
public final class UserCode {
    private UserCode() {
    }

    /**
     * @param transformation the DataFrame method the function was given to, for the error message
     * @throws IllegalArgumentException when the function (or something it captures) is not serializable
     */
    public static byte[] serialize(Object function, String transformation) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(function);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the function given to " + transformation + " cannot be sent to the"
                    + " executors: " + e.getMessage() + " is not serializable. Pass a lambda that captures only"
                    + " serializable values, or a class implementing java.io.Serializable", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the function given to " + transformation + " cannot be serialized: "
                    + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /** @param transformation the DataFrame method the function was given to, for the error message */
    public static <T> T deserialize(byte[] bytes, Class<T> type, String transformation) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ContextObjectInputStream in = null;
        try {
            in = new ContextObjectInputStream(new ByteArrayInputStream(bytes), loader);
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            ClassNotFoundException missing = in == null ? null : in.firstMissingClass;
            if (missing != null) {
                // ObjectInputStream defers a missing class and may fail later with something else (a lambda it
                // could not resolve does not fit its field): the missing class is the news. The executor adds which
                // application it was and which jars it shipped (it knows, this class does not).
                if (missing != e) missing.addSuppressed(e);
                throw new IllegalStateException("the function given to " + transformation + " cannot be loaded on"
                        + " this executor: class " + missing.getMessage() + " was not found", missing);
            }
            throw new IllegalStateException("the function given to " + transformation + " cannot be loaded on this"
                    + " executor (" + e + ")", e);
        } finally {
            closeQuietly(in);
        }
    }

    private static void closeQuietly(ObjectInputStream in) {
        if (in == null) return;
        try {
            in.close();
        } catch (IOException e) {
            // A byte array stream: nothing to release.
        }
    }

    /** Resolves classes through a given loader rather than the one that loaded this class. */
    private static final class ContextObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;
        /** The first class that could not be resolved, if any. */
        ClassNotFoundException firstMissingClass;

        ContextObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        /**
         * ObjectInputStream's own lookup uses the nearest application class loader on the call stack, which on an
         * executor is the one that loaded Glasshouse, never an application's jar: hence the given loader first.
         * The fallback covers primitive types ({@code int.class} has no loader).
         */
        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                try {
                    return super.resolveClass(desc);
                } catch (ClassNotFoundException notPrimitive) {
                    if (firstMissingClass == null) firstMissingClass = e;
                    throw e;
                }
            }
        }
    }
}
