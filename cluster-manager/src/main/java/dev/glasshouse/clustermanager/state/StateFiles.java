package dev.glasshouse.clustermanager.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Function;

/** Small files other processes read while they change: never seen half-written. */
public final class StateFiles {
    /** Jackson takes a few hundred milliseconds to load: not on a new cluster-manager's way to its first launch. */
    static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private StateFiles() {
    }

    /**
     * The file's JSON as {@code parse} reads it; empty when there is no file. A file that cannot be read or parsed
     * (a field {@code parse} needs is missing, say) fails, naming the file and {@code what} it should be.
     */
    public static <T> Optional<T> readJson(Path file, String what, Function<JsonNode, T> parse) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(Json.MAPPER.readTree(text)));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a valid " + what + ": " + e.getMessage(), e);
        }
    }

    /** Writes a temporary file beside {@code file}, then renames it over {@code file} in one step. */
    public static void writeAtomically(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
