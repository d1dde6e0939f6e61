package dev.glasshouse.core.datagen;

import dev.glasshouse.core.csv.CsvRowWriter;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one generated CSV file (header, then rows) to S3: staged in a local temporary file first, so the upload
 * knows its length and S3 sees the object whole or not at all.
 */
final class CsvUpload {
    /** Writes the rows after the header. */
    @FunctionalInterface
    interface Rows {
        void writeTo(CsvRowWriter writer) throws IOException;
    }

    private CsvUpload() {
    }

    /** @return the bytes of the file uploaded to {@code target} */
    static long upload(ObjectStore store, S3Path target, Schema schema, Rows rows) {
        Path temp = null;
        try {
            temp = Files.createTempFile("glasshouse-datagen-", ".csv");
            try (OutputStream out = Files.newOutputStream(temp);
                 CsvRowWriter writer = new CsvRowWriter(out, schema, SalesDataGenerator.CSV_OPTIONS)) {
                writer.writeHeader();
                rows.writeTo(writer);
            }
            long size = Files.size(temp);
            store.upload(target, temp);
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + target + " in a local temporary file ("
                    + (temp != null ? temp : "creating it") + "): " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover file in the temp folder is harmless
                }
            }
        }
    }
}
