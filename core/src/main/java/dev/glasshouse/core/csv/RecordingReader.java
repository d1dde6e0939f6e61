package dev.glasshouse.core.csv;

import java.io.IOException;
import java.io.Reader;

/**
 * Passes characters through and keeps those from the current record on, so the raw text of a malformed record can
 * be given back in PERMISSIVE mode (commons-csv hands out parsed fields only). Holds at most the current record
 * plus one read-ahead buffer: the reader forgets everything before each record it has been told about.
 */
final class RecordingReader extends Reader {
    private final Reader in;
    private final StringBuilder kept = new StringBuilder();
    /** Character offset, from the start of the stream, of {@code kept}'s first character. */
    private long keptStart;

    RecordingReader(Reader in) {
        this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) kept.append(buffer, offset, n);
        return n;
    }

    /** Drops the text before {@code offset}: no record starting earlier will be asked for. */
    void forgetBefore(long offset) {
        int drop = (int) Math.min(offset - keptStart, kept.length());
        if (drop > 0) {
            kept.delete(0, drop);
            keptStart += drop;
        }
    }

    /**
     * The record starting at {@code offset} that spans {@code lineBreaks} line breaks, without its last break (with
     * zero breaks it ran to the end of the stream).
     */
    String record(long offset, long lineBreaks) {
        int start = (int) (offset - keptStart);
        int seen = 0;
        for (int i = start; i < kept.length(); i++) {
            char c = kept.charAt(i);
            if (c == '\n' || c == '\r') {
                if (++seen >= lineBreaks) return kept.substring(start, i);
                if (c == '\r' && i + 1 < kept.length() && kept.charAt(i + 1) == '\n') i++;
            }
        }
        return kept.substring(start);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
