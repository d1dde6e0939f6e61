package dev.glasshouse.core.format;

import dev.glasshouse.core.row.Row;
import java.io.IOException;
import java.util.Iterator;

/** The rows of one file split, streamed, with what was read counted for the task's metrics. */
public interface RowFileReader extends Iterator<Row>, AutoCloseable {

    long bytesRead();

    long rowsRead();

    @Override
    void close() throws IOException;
}
