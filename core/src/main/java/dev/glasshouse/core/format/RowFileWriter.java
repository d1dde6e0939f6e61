package dev.glasshouse.core.format;

import dev.glasshouse.core.row.Row;
import java.io.IOException;

/** Writes rows into one local part file of some format; {@link #close()} finishes the file. */
public interface RowFileWriter extends AutoCloseable {

    void write(Row row);

    long rowsWritten();

    @Override
    void close() throws IOException;
}
