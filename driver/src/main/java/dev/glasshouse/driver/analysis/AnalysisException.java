package dev.glasshouse.driver.analysis;

/** A query that cannot run as written: an unknown column, a type mismatch. Raised before any task runs. */
public final class AnalysisException extends RuntimeException {
    public AnalysisException(String message) {
        super(message);
    }
}
